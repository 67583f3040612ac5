"""Summarises async-profiler's collapsed stacks of a Pharos node (profiled with the 'threads' option).

usage: profile-summary.py STACKS [cpu|alloc] [TOP]

Prints each thread group's share of the samples, the frames the event loops' samples end in (self) and Pharos's own
frames with all they call (total); for a CPU profile also how much of the event loops' time is spent in the kernel.
For an allocation profile a sample ends in the type allocated.
"""
import collections
import re
import sys


def thread_group(frame):
    # "[vert.x-eventloop-thread-1 tid=1234]" -> "vert.x-eventloop-thread-N"
    return re.sub(r"\d+", "N", frame.strip("[]").split(" tid=")[0])


def main(path, event, top):
    samples = 0
    loop_samples = 0
    kernel = 0
    groups = collections.Counter()
    self_time = collections.Counter()
    total_time = collections.Counter()
    with open(path) as stacks:
        for line in stacks:
            stack, count = line.rsplit(" ", 1)
            count = int(count)
            frames = stack.split(";")
            samples += count
            groups[thread_group(frames[0])] += count
            if "eventloop" not in frames[0]:
                continue
            loop_samples += count
            leaf = frames[-1]
            self_time[leaf] += count
            if leaf.endswith("_[k]"):  # a kernel frame in a CPU profile
                kernel += count
            for frame in set(frames[1:]):
                if frame.startswith("dev/pharos/"):
                    total_time[frame] += count
    if loop_samples == 0:
        sys.exit("no event-loop samples in " + path)

    def share(count, whole):
        return "%5.1f%%" % (100.0 * count / whole)

    print("threads (share of all %d samples):" % samples)
    for group, count in groups.most_common(6):
        print("  %s  %s" % (share(count, samples), group))
    if event == "cpu":
        print("event loops: %s of their time in the kernel" % share(kernel, loop_samples).strip())
    print("event loops, self:")
    for frame, count in self_time.most_common(top):
        print("  %s  %s" % (share(count, loop_samples), frame))
    print("event loops, Pharos frames with all they call:")
    for frame, count in total_time.most_common(top):
        print("  %s  %s" % (share(count, loop_samples), frame))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "cpu", int(sys.argv[3]) if len(sys.argv) > 3 else 25)
