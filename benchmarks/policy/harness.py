"""Evaluates a policy on held-out initial states of one task; the last stdout line is one JSON object.

    python harness.py --task lift --episodes 50 --seed 1000 --policy expert
    python harness.py --task lift --episodes 50 --seed 1000 --serve "bin/lfm policy serve --run runs/lift-lfm"

With --serve the policy is a long-lived `lfm policy serve` process spoken to over its standard input and
output (docs/policy.md): each request is one line with the last `history` observations of each running
episode, each answer one line with their action chunks. Episodes run in lockstep in --parallel scenes;
every episode executes the first `execute` actions of its chunk and asks again (receding horizon).
--latency N then sends N single-episode requests to measure the time a robot would wait for one chunk.
"""

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import time

import numpy as np

import experts
import tasks


class ServedPolicy:
    """A `lfm policy serve` process; the header line tells the shapes."""

    def __init__(self, command):
        self.process = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        header = self.process.stdout.readline()
        if not header:
            raise SystemExit(f"'{command}' ended before its header line (see its error above)")
        self.header = json.loads(header)
        self.history = self.header["history"]
        self.horizon = self.header["horizon"]
        self.execute = self.header["execute"]
        self.action_size = self.header["action_size"]

    def request(self, line):
        self.process.stdin.write(line + "\n")
        answer = self.process.stdout.readline()
        if not answer or answer.startswith("error"):
            raise SystemExit(f"lfm policy serve: {answer.strip() or 'ended'}")
        return answer

    def chunks(self, conditions):
        """conditions (k, history·O) → chunks (k, H, A)."""
        line = " ".join(f"{value:.9g}" for value in np.asarray(conditions, np.float64).ravel())
        values = np.array(self.request(line).split(), dtype=np.float64)
        return values.reshape(len(conditions), self.horizon, self.action_size)

    def reseed(self, seed):
        self.request(f"seed {seed}")

    def stats(self):
        return json.loads(self.request("stats"))

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def run_expert(task, seed, indices):
    successes = []
    for index in indices:
        task.reset(seed, index)
        expert = experts.create(task, seed, index)
        while not task.done():
            task.step(expert.action())
        successes.append(task.success())
    return successes


def run_served(scenes, policy, seed, indices):
    """Episodes `indices` in groups of len(scenes), each group in lockstep."""
    successes = []
    for first in range(0, len(indices), len(scenes)):
        group = list(zip(scenes, indices[first:first + len(scenes)]))
        histories = []
        for task, index in group:
            task.reset(seed, index)
            histories.append([task.observation()] * policy.history)
        while True:
            running = [k for k, (task, _) in enumerate(group) if not task.done()]
            if not running:
                break
            conditions = [np.concatenate(histories[k][-policy.history:]) for k in running]
            for k, chunk in zip(running, policy.chunks(conditions)):
                task = group[k][0]
                for action in chunk[:policy.execute]:
                    if task.done():
                        break
                    task.step(action)
                    histories[k].append(task.observation())
        successes += [task.success() for task, _ in group]
    return successes


def single_request_latency(task, policy, seed, count):
    """Milliseconds per chunk for one episode at a time, from states of a held-out episode."""
    task.reset(seed, 0)
    condition = np.concatenate([task.observation()] * policy.history)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        policy.chunks([condition])
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--task", required=True, choices=sorted(tasks.TASKS))
    parser.add_argument("--episodes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1000, help="layout family of the held-out starts")
    parser.add_argument("--policy", choices=["expert", "served"], default="served")
    parser.add_argument("--serve", help="command line of the policy server (implies --policy served)")
    parser.add_argument("--parallel", type=int, default=10, help="episodes run in lockstep")
    parser.add_argument("--latency", type=int, default=30, help="single-episode requests timed at the end")
    parser.add_argument("--label", default="", help="copied into the JSON line")
    args = parser.parse_args()
    indices = list(range(args.episodes))
    started = time.time()
    result = {"task": args.task, "label": args.label, "episodes": args.episodes, "seed": args.seed}
    if args.serve is None:
        task = tasks.create(args.task)
        successes = run_expert(task, args.seed, indices)
        result["policy"] = "expert"
    else:
        policy = ServedPolicy(args.serve)
        scenes = [tasks.create(args.task) for _ in range(min(args.parallel, args.episodes))]
        policy.reseed(args.seed)
        successes = run_served(scenes, policy, args.seed, indices)
        stats = policy.stats()
        result["policy"] = policy.header.get("method", "served")
        result["evaluations_per_chunk"] = stats["evaluations_per_chunk"]
        result["ms_per_chunk_batched"] = stats["ms_per_chunk_mean"]
        if args.latency > 0:
            result["ms_per_chunk_single"] = single_request_latency(scenes[0], policy, args.seed, args.latency)
        policy.close()
    result["successes"] = int(sum(successes))
    result["success_rate"] = sum(successes) / len(successes)
    result["seconds"] = round(time.time() - started, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
