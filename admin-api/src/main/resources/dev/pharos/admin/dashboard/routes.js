// The routes table and the form that creates, edits and deletes a route. Validation is the API's: its problem+json
// errors are shown next to the fields they name.

import { ApiError, call } from './api.js';
import { $, el, fillRows } from './dom.js';

const FIELDS = ['id', 'hosts', 'pathPrefix', 'methods', 'upstream', 'stripPrefix'];

let editing = null; // {id, etag, stored} of the route in the form, or null for a new one
let onChanged = () => {};

const list = value => value.split(',').map(s => s.trim()).filter(s => s !== '');
const urlId = id => encodeURIComponent(id);

export function initRouteForm(changed) {
  onChanged = changed;
  $('#route-form').addEventListener('submit', event => {
    event.preventDefault();
    save();
  });
  $('#route-cancel').addEventListener('click', () => edit(null));
}

export function renderRoutes(routes, upstreams) {
  const select = $('#route-upstream');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, '(choose)'),
    ...upstreams.map(u => el('option', { value: u.id }, u.id)));
  select.value = upstreams.some(u => u.id === chosen) ? chosen : '';
  fillRows($('#routes tbody'), routes.map(route => el('tr', { 'data-route': route.id },
    el('td', {}, route.id),
    el('td', {}, route.hosts.length ? route.hosts.join(', ') : '(any)'),
    el('td', {}, route.pathPrefix),
    el('td', {}, route.methods.length ? route.methods.join(', ') : '(any)'),
    el('td', {}, route.upstream),
    el('td', {},
      el('button', { type: 'button', class: 'edit', onclick: () => edit(route.id) }, 'Edit'), ' ',
      el('button', { type: 'button', class: 'delete', onclick: () => remove(route.id) }, 'Delete')))),
  'no routes');
}

async function edit(id) {
  clearErrors();
  status('');
  if (id === null) {
    editing = null;
    $('#route-form').reset();
    $('#route-id').disabled = false;
    $('#route-form-title').textContent = 'New route';
    return;
  }
  try {
    const { body, etag } = await call('GET', `/routes/${urlId(id)}`);
    editing = { id, etag, stored: body };
    $('#route-id').value = body.id;
    $('#route-id').disabled = true;
    $('#route-hosts').value = body.hosts.join(', ');
    $('#route-pathPrefix').value = body.pathPrefix;
    $('#route-methods').value = body.methods.join(', ');
    $('#route-upstream').value = body.upstream;
    $('#route-stripPrefix').checked = body.stripPrefix;
    $('#route-form-title').textContent = `Edit route ${id}`;
  } catch (e) {
    showProblem(e);
  }
}

async function save() {
  clearErrors();
  const id = $('#route-id').value.trim();
  if (id === '') {
    fieldError('id', 'an id is required');
    return;
  }
  const route = {
    hosts: list($('#route-hosts').value),
    pathPrefix: $('#route-pathPrefix').value.trim(),
    methods: list($('#route-methods').value),
    stripPrefix: $('#route-stripPrefix').checked,
  };
  if ($('#route-upstream').value !== '') {
    route.upstream = $('#route-upstream').value;
  }
  // An edit keeps the fields the form does not show (timeouts, retries, ...), and fails with 412 if someone changed
  // the route since it was opened.
  let body = route;
  let headers = { 'If-None-Match': '*' };
  if (editing && editing.id === id) {
    body = { ...editing.stored, ...route };
    delete body.id;
    headers = { 'If-Match': editing.etag };
  }
  try {
    const { status: code } = await call('PUT', `/routes/${urlId(id)}?wait=applied`, body, headers);
    edit(null);
    status(code === 201 ? `route ${id} created` : `route ${id} saved`);
    onChanged();
  } catch (e) {
    showProblem(e);
  }
}

async function remove(id) {
  if (!confirm(`Delete route ${id}?`)) {
    return;
  }
  clearErrors();
  try {
    await call('DELETE', `/routes/${urlId(id)}?wait=applied`);
    if (editing && editing.id === id) {
      edit(null);
    }
    status(`route ${id} deleted`);
    onChanged();
  } catch (e) {
    showProblem(e);
  }
}

function showProblem(e) {
  const problem = e instanceof ApiError ? e.problem : null;
  const errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
  const unplaced = errors.filter(error => !fieldError(fieldOf(error.field), error.message));
  const detail = e instanceof ApiError ? `${e.status}: ${e.message}` : String(e);
  $('#route-error').textContent = unplaced.length || errors.length === 0
    ? [detail, ...unplaced.map(error => `${error.field}: ${error.message}`)].join('\n') : '';
}

// The API names fields by JSON path (hosts[1], timeouts.connectMs); the form has one input per top-level field.
function fieldOf(path) {
  const name = (path || '').split(/[.[]/)[0];
  return FIELDS.includes(name) ? name : null;
}

function fieldError(field, message) {
  if (field === null) {
    return false;
  }
  const slot = $(`#route-form .field-error[data-field="${field}"]`);
  slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
  $(`#route-${field}`).classList.add('invalid');
  return true;
}

function clearErrors() {
  document.querySelectorAll('#route-form .field-error').forEach(slot => { slot.textContent = ''; });
  document.querySelectorAll('#route-form .invalid').forEach(input => input.classList.remove('invalid'));
  $('#route-error').textContent = '';
}

function status(text) {
  $('#route-status').textContent = text;
}
