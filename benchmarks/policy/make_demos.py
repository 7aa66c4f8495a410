"""Writes scripted-expert demonstrations of one task as an .npz file for `lfm policy train`.

    python make_demos.py --task lift --episodes 200 --seed 0 --out demos/lift.npz

Entries: observations (T, O) float32, actions (T, A) float32, episode_ends (E,) int64 (the layout
`lfm policy train --data` reads) and strategies (E,) int64, the expert's coin per episode. Layout i of
seed s is the same in every run; an episode the expert fails is left out and counted on stderr.
"""

import argparse
import sys
import time

import numpy as np

import experts
import tasks


def record(task_name, episodes, seed):
    task = tasks.create(task_name)
    observations, actions, ends, strategies = [], [], [], []
    failed = 0
    index = 0
    while len(ends) < episodes:
        task.reset(seed, index)
        expert = experts.create(task, seed, index)
        steps_obs, steps_act = [], []
        while not task.done():
            steps_obs.append(task.observation())
            action = expert.action()
            steps_act.append(action)
            task.step(action)
        index += 1
        if not task.success():
            failed += 1
            continue
        observations += steps_obs
        actions += steps_act
        ends.append(len(observations))
        strategies.append(expert.strategy)
    task.close()
    return (np.asarray(observations, np.float32), np.asarray(actions, np.float32), np.asarray(ends, np.int64),
            np.asarray(strategies, np.int64), failed)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--task", required=True, choices=sorted(tasks.TASKS))
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    started = time.time()
    observations, actions, ends, strategies, failed = record(args.task, args.episodes, args.seed)
    np.savez(args.out, observations=observations, actions=actions, episode_ends=ends, strategies=strategies)
    print(f"{args.out}: {len(ends)} episodes, {len(observations)} steps, strategy 1 in {strategies.mean():.0%}, "
          f"{failed} expert failures left out, {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
