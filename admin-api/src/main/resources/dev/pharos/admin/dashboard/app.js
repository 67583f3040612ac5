// The dashboard: log in with the admin token, then keep every panel live from /api/v1/events.

import { ApiError, call, streamEvents, token } from './api.js';
import { $, el, fillRows, time } from './dom.js';
import { initRouteForm, renderRoutes } from './routes.js';

const HISTORY_SHOWN = 10;

let stream = null;        // AbortController of the open event stream
let knownVersion = null;  // config version the routes, upstreams and history panels show
let cacheAvailable = true;

document.addEventListener('DOMContentLoaded', () => {
  $('#login-form').addEventListener('submit', event => {
    event.preventDefault();
    logIn($('#token').value.trim());
  });
  $('#logout').addEventListener('click', () => logOut(''));
  $('#purge-form').addEventListener('submit', event => {
    event.preventDefault();
    purge();
  });
  initRouteForm(refreshConfig);
  if (token.get()) {
    // The stored token is checked first: the login form shows again only if it is refused.
    $('#login-panel').hidden = true;
    start();
  }
});

async function logIn(value) {
  if (value === '') {
    $('#login-error').textContent = 'enter the admin token';
    return;
  }
  token.set(value);
  $('#token').value = '';
  start();
}

async function start() {
  try {
    await call('GET', '/cluster');
  } catch (e) {
    logOut(e instanceof ApiError && e.status === 401 ? 'the token was refused' : `cannot reach the API: ${e.message}`);
    return;
  }
  $('#login-error').textContent = '';
  $('#login-panel').hidden = true;
  $('#dashboard').hidden = false;
  $('#logout').hidden = false;
  $('#live').hidden = false;
  knownVersion = null;
  cacheAvailable = true;
  refreshConfig();
  refreshCache();
  listen();
}

function logOut(message) {
  token.clear();
  if (stream) {
    stream.abort();
    stream = null;
  }
  $('#dashboard').hidden = true;
  $('#logout').hidden = true;
  $('#live').hidden = true;
  $('#login-panel').hidden = false;
  $('#login-error').textContent = message;
}

async function listen() {
  if (stream) {
    stream.abort();
  }
  const controller = new AbortController();
  stream = controller;
  while (stream === controller) {
    let retry = 2000;
    try {
      live(true);
      retry = await streamEvents(onEvent, controller.signal);
    } catch (e) {
      if (controller.signal.aborted) {
        return;
      }
      if (e instanceof ApiError && e.status === 401) {
        logOut('the token was refused');
        return;
      }
    }
    live(false);
    await new Promise(resolve => setTimeout(resolve, retry));
  }
}

function live(on) {
  $('#live').textContent = on ? 'live' : 'reconnecting…';
  $('#live').classList.toggle('live', on);
}

function onEvent(name, data) {
  if (name === 'cluster') {
    renderMembers(data);
    if (data.version !== knownVersion) {
      refreshConfig();
    }
    refreshCache();
  } else if (name === 'health') {
    renderHealth(data);
  } else if (name === 'config' && data.version !== knownVersion) {
    refreshConfig();
  }
}

function renderMembers(cluster) {
  $('#cluster-version').textContent = `config version ${cluster.version}`;
  fillRows($('#members tbody'), cluster.members.map(member => el('tr', { 'data-member': member.nodeName ?? '' },
    el('td', {}, member.nodeName ?? '(joining)'),
    el('td', {}, member.address),
    el('td', { class: member.upToDate ? 'yes' : 'no' }, String(member.appliedVersion)),
    el('td', { class: member.ready ? 'yes' : 'no' }, member.ready ? 'ready' : 'not ready'),
    el('td', {}, (member.requestRate ?? 0).toFixed(1)))), 'no members');
}

function renderHealth(health) {
  const rows = [];
  for (const upstream of health.upstreams) {
    const name = upstream.id + (upstream.panic ? ' (panic: all targets get traffic)' : '')
      + (upstream.healthChecked ? '' : ' (not health-checked)');
    upstream.targets.forEach((target, i) => rows.push(el('tr', {},
      el('td', {}, i === 0 ? name : ''),
      el('td', {}, target.address),
      el('td', {}, String(target.weight)),
      el('td', { class: `state-${target.state}` }, target.state + (target.reason ? `: ${target.reason}` : '')),
      el('td', {}, target.probedAt ? `${target.lastResult} at ${time(target.probedAt)} by ${target.prober}` : ''))));
  }
  fillRows($('#upstreams tbody'), rows, 'no upstreams');
}

async function refreshConfig() {
  try {
    const [routes, upstreams, history] = await Promise.all([
      call('GET', '/routes'), call('GET', '/upstreams'), call('GET', `/config/history?limit=${HISTORY_SHOWN}`)]);
    knownVersion = routes.body.version;
    renderRoutes(routes.body.items, upstreams.body.items);
    fillRows($('#history tbody'), history.body.items.map(entry => el('tr', {},
      el('td', {}, String(entry.version)),
      el('td', {}, time(entry.time)),
      el('td', {}, entry.actor),
      el('td', {}, entry.summary + (entry.rollbackOf ? ` (rollback to ${entry.rollbackOf})` : '')))),
    'no changes recorded since the cluster started');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      logOut('the token was refused');
    }
  }
}

// The cache and its statistics come with the cache feature; a node without them answers 404.
async function refreshCache() {
  if (!cacheAvailable) {
    return;
  }
  try {
    const { body } = await call('GET', '/cache/stats');
    $('#cache-stats').replaceChildren(cacheFigures(body.cluster ?? body));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      cacheAvailable = false;
      $('#cache-stats').replaceChildren(el('p', { class: 'muted' }, 'cache not available on this node'));
    }
  }
}

function cacheFigures(stats) {
  const figures = [];
  const hits = Number(stats.hits ?? 0);
  const misses = Number(stats.misses ?? 0);
  const ratio = stats.hitRatio ?? (hits + misses > 0 ? hits / (hits + misses) : null);
  figures.push(['hit ratio', ratio === null ? 'no lookups yet' : `${(ratio * 100).toFixed(1)} %`]);
  for (const [name, value] of Object.entries(stats)) {
    if (name !== 'hitRatio' && (typeof value === 'number' || typeof value === 'string')) {
      figures.push([name, String(value)]);
    }
  }
  return el('dl', {}, figures.flatMap(([name, value]) => [el('dt', {}, name), el('dd', { 'data-stat': name }, value)]));
}

async function purge() {
  const by = $('#purge-by').value;
  const value = $('#purge-value').value.trim();
  const result = $('#purge-result');
  result.textContent = 'purging…';
  try {
    const { status, body } = await call('POST', '/cache/purge', { [by]: value });
    result.textContent = `${status}: ${body === null ? 'done' : JSON.stringify(body)}`;
    refreshCache();
  } catch (e) {
    const problem = e instanceof ApiError ? e.problem : null;
    const errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
    result.textContent = [`${e.status ?? ''}: ${e.message}`, ...errors.map(x => `${x.field}: ${x.message}`)].join('\n');
  }
}
