"""Scripted experts for the three tasks. Each picks, with a fair coin per episode, between two
equally good strategies, so the demonstrations are multimodal:

  lift       the grasp yaw: the cube's yaw θ or θ + π/2 (a cube can be held across either pair of faces);
  pickplace  the route: around the post on its left or on its right;
  push       the order: first along x then along y, or first along y then along x.

An expert is a script of moves. A move carries the commanded target (x, y, z, yaw, opening) towards a
goal at bounded speed; a push reads the cube's pose when it begins. The executed (and recorded) action
is the clean command plus small Gaussian noise (2 mm in position, 0.01 rad in yaw); the noise does not
accumulate in the command.
"""

import math

import numpy as np

from panda_scene import CUBE_HALF, TABLE_TOP, wrap
from tasks import OPEN, nearest_grasp_yaw

SPEED = 0.02            # metres per control step (0.4 m/s at 20 Hz)
PUSH_SPEED = 0.01
YAW_SPEED = 0.15        # radians per control step
POSITION_NOISE = 0.002
YAW_NOISE = 0.01


class Expert:
    def __init__(self, task, random):
        self.task = task
        self.random = random
        position, yaw, opening = task.scene.grasp_pose()
        self.command = np.array([*position, yaw, opening])
        self.strategy = int(random.integers(2))
        self.script = self.plan()

    def action(self):
        """The next action: the script's next command (or the last one, once it is over) with noise."""
        self.command = next(self.script, self.command)
        noise = np.concatenate([self.random.normal(0, POSITION_NOISE, 3), [self.random.normal(0, YAW_NOISE), 0.0]])
        return (self.command + noise).astype(np.float32)

    def move(self, position, yaw, opening, speed=SPEED):
        """Commands from the current one to the goal, at most `speed` metres and YAW_SPEED rad a step."""
        goal = np.array([*position, yaw, opening], dtype=float)
        while True:
            delta = goal - self.command
            distance = np.linalg.norm(delta[:3])
            steps = max(1, math.ceil(max(distance / speed, abs(delta[3]) / YAW_SPEED)))
            if steps == 1:
                yield goal
                return
            step = delta / steps
            step[4] = delta[4]
            yield self.command + step

    def hold(self, steps, opening):
        for _ in range(steps):
            yield np.array([*self.command[:4], opening])

    def cube(self):
        return self.task.scene.body_pose(self.task.cube)


class LiftExpert(Expert):
    def plan(self):
        cube, cube_yaw = self.cube()
        grasp = wrap(cube_yaw + (math.pi / 2 if self.strategy else 0.0), -math.pi / 4, math.pi)
        yield from self.move([cube[0], cube[1], TABLE_TOP + 0.14], grasp, OPEN)
        yield from self.move([cube[0], cube[1], TABLE_TOP + 0.025], grasp, OPEN)
        yield from self.hold(6, 0.0)
        yield from self.move([cube[0], cube[1], TABLE_TOP + 0.22], grasp, 0.0)


class PickPlaceExpert(Expert):
    CARRY = TABLE_TOP + 0.13
    AROUND = 0.2          # sideways distance of the route from the post's centre
    ALONG = 0.12          # the route's corners before and after the post

    def plan(self):
        cube, cube_yaw = self.cube()
        along = self.task.tray_xy - cube[:2]
        along /= np.linalg.norm(along)
        # The hand is long along its finger axis (−sin ψ, cos ψ): keep that axis across the way to the post.
        grasp = nearest_grasp_yaw(cube_yaw, wrap(math.atan2(along[1], along[0]), -math.pi / 4, math.pi))
        yield from self.move([cube[0], cube[1], TABLE_TOP + 0.12], grasp, OPEN)
        yield from self.move([cube[0], cube[1], TABLE_TOP + 0.02], grasp, OPEN)
        yield from self.hold(6, 0.0)
        yield from self.move([cube[0], cube[1], self.CARRY], grasp, 0.0)
        side = (1.0 if self.strategy else -1.0) * np.array([-along[1], along[0]])
        for corner in (-self.ALONG, self.ALONG):
            waypoint = self.task.post_xy + self.AROUND * side + corner * along
            yield from self.move([*waypoint, self.CARRY], grasp, 0.0)
        yield from self.move([*self.task.tray_xy, self.CARRY], grasp, 0.0)
        yield from self.move([*self.task.tray_xy, TABLE_TOP + 0.07], grasp, 0.0)
        yield from self.hold(6, OPEN)
        yield from self.move([*self.task.tray_xy, TABLE_TOP + 0.2], grasp, OPEN)


class PushExpert(Expert):
    PUSHER_OPENING = 0.03   # fingertips 3 cm apart: both on the cube's 5 cm face
    CONTACT = CUBE_HALF + 0.011
    LOW = TABLE_TOP + 0.015
    HIGH = TABLE_TOP + 0.08

    def plan(self):
        # A second round corrects what the first left (the cube drifts sideways while pushed).
        for axis in ((0, 1) if self.strategy == 0 else (1, 0)) * 2:
            cube, _ = self.cube()
            remaining = self.task.goal[axis] - cube[axis]
            if abs(remaining) < 0.01:
                continue
            sign = math.copysign(1.0, remaining)
            yaw = 0.0 if axis == 0 else math.pi / 2     # fingers side by side across the push
            start = cube[:2].copy()
            start[axis] -= sign * (self.CONTACT + 0.03)
            yield from self.move([*start, self.HIGH], yaw, self.PUSHER_OPENING)
            yield from self.move([*start, self.LOW], yaw, self.PUSHER_OPENING)
            end = start.copy()
            end[axis] = self.task.goal[axis] - sign * self.CONTACT
            yield from self.move([*end, self.LOW], yaw, self.PUSHER_OPENING, speed=PUSH_SPEED)
            back = end.copy()
            back[axis] -= sign * 0.03
            yield from self.move([*back, self.LOW], yaw, self.PUSHER_OPENING)
            yield from self.move([*back, self.HIGH], yaw, self.PUSHER_OPENING)


EXPERTS = {"lift": LiftExpert, "pickplace": PickPlaceExpert, "push": PushExpert}


def create(task, seed, index):
    """The expert for the task's current episode; its coin and noise come from PCG64 (seed, index, 1)."""
    return EXPERTS[task.name](task, np.random.Generator(np.random.PCG64([seed, index, 1])))
