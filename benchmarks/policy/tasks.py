"""Three manipulation tasks for a Panda in PyBullet, in the style of Robomimic and panda-gym.

  lift       Robomimic Lift: pick a 7 cm cube up off the table (≥ 10 cm); its diagonal (9.9 cm) is
             wider than the open gripper (8 cm), so only grasps across a pair of faces work.
  pickplace  Robomimic Can: carry the cube into a tray around a post that stands between them
             (touching the post fails the episode).
  push       PushT-like: push the cube to a goal position on the table (within 2.5 cm).

Every task: reset(seed, index) draws the initial state from numpy's PCG64 seeded by (seed, index), so
index i of seed s is the same layout in every run; observation() is a float32 vector; step(action)
applies one action (panda_scene.PandaScene.act); done() and success() are the task's own test.
"""

import math

import numpy as np

from panda_scene import CUBE_HALF, TABLE_TOP, PandaScene, wrap

HAND_START = np.array([0.45, 0.0, TABLE_TOP + 0.25])
HAND_START_YAW = math.pi / 4
OPEN = 0.08


def layout_random(seed, index):
    return np.random.Generator(np.random.PCG64([seed, index]))


class Task:
    """Shared parts: the scene, the cube, the step counter and the observation's common head."""

    name = ""
    step_limit = 0
    action_size = 5
    hand_start = HAND_START

    def __init__(self):
        self.scene = PandaScene()
        self.cube = None
        self.steps = 0
        self.ended = False
        self.succeeded = False

    def reset(self, seed, index):
        random = layout_random(seed, index)
        self.scene.remove_objects()
        start = self.hand_start + np.array([random.uniform(-0.03, 0.03), random.uniform(-0.03, 0.03), 0.0])
        self.scene.reset_robot(start, HAND_START_YAW, OPEN)
        self.steps = 0
        self.ended = False
        self.succeeded = False
        self.place_objects(random)
        for _ in range(10):
            self.scene.act(list(start) + [HAND_START_YAW, OPEN])

    def robot_observation(self):
        position, yaw, opening = self.scene.grasp_pose()
        cube, cube_yaw = self.scene.body_pose(self.cube)
        return [*position, yaw, opening, *cube, cube_yaw]

    def step(self, action):
        if self.ended:
            raise RuntimeError("the episode has ended")
        action = np.asarray(action, dtype=float)
        if action.shape != (self.action_size,) or not np.all(np.isfinite(action)):
            action = np.array(self.hold_action())
        self.scene.act(action)
        self.steps += 1
        self.succeeded = self.check_success()
        self.ended = self.succeeded or self.check_failure() or self.steps >= self.step_limit

    def hold_action(self):
        position, yaw, opening = self.scene.grasp_pose()
        return [*position, yaw, opening]

    def done(self):
        return self.ended

    def success(self):
        return self.succeeded

    def check_failure(self):
        return False

    def close(self):
        self.scene.close()


class Lift(Task):
    """Observation (9): grasp point (3), hand yaw, finger opening, cube position (3), cube yaw."""

    name = "lift"
    step_limit = 80
    observation_size = 9
    CUBE_SCALE = 1.4
    HALF = CUBE_HALF * CUBE_SCALE

    def place_objects(self, random):
        position = [random.uniform(0.45, 0.6), random.uniform(-0.15, 0.15), TABLE_TOP + self.HALF]
        self.cube = self.scene.load("cube_small.urdf", position, yaw=random.uniform(-math.pi / 4, math.pi / 4),
                                    scale=self.CUBE_SCALE)

    def observation(self):
        return np.asarray(self.robot_observation(), dtype=np.float32)

    def check_success(self):
        return self.scene.body_pose(self.cube)[0][2] >= TABLE_TOP + self.HALF + 0.10


class PickPlace(Task):
    """Observation (13): the common 9, tray centre (x, y), post centre (x, y)."""

    name = "pickplace"
    step_limit = 140
    observation_size = 13
    POST_HALF = [0.02, 0.02, 0.125]
    TRAY_SCALE = 0.4
    TRAY_INNER_HALF = 0.09
    hand_start = HAND_START + np.array([0.0, -0.2, 0.0])

    def place_objects(self, random):
        cube = np.array([random.uniform(0.42, 0.56), random.uniform(-0.3, -0.2)])
        self.tray_xy = np.array([random.uniform(0.42, 0.56), random.uniform(0.2, 0.28)])
        self.post_xy = (cube + self.tray_xy) / 2
        self.tray = self.scene.load("tray/traybox.urdf", [*self.tray_xy, TABLE_TOP], scale=self.TRAY_SCALE,
                                    fixed=True)
        self.post = self.scene.add_box(self.POST_HALF, [*self.post_xy, TABLE_TOP + self.POST_HALF[2]])
        self.cube = self.scene.load("cube_small.urdf", [*cube, TABLE_TOP + CUBE_HALF],
                                    yaw=random.uniform(-math.pi / 4, math.pi / 4))

    def observation(self):
        return np.asarray(self.robot_observation() + [*self.tray_xy, *self.post_xy], dtype=np.float32)

    def check_failure(self):
        return self.scene.touching(self.post, self.scene.robot) or self.scene.touching(self.post, self.cube)

    def check_success(self):
        cube = self.scene.body_pose(self.cube)[0]
        inside = np.all(np.abs(cube[:2] - self.tray_xy) <= self.TRAY_INNER_HALF)
        resting = cube[2] <= TABLE_TOP + 0.06
        released = not self.scene.touching(self.cube, self.scene.robot)
        return bool(inside and resting and released)


class Push(Task):
    """Observation (11): the common 9 and the goal (x, y)."""

    name = "push"
    step_limit = 160
    observation_size = 11
    TOLERANCE = 0.025

    def place_objects(self, random):
        start = np.array([random.uniform(0.45, 0.55), random.uniform(-0.1, 0.0)])
        offset = random.uniform(0.08, 0.14, size=2) * random.choice([-1.0, 1.0], size=2)
        self.goal = start + offset
        self.cube = self.scene.load("cube_small.urdf", [*start, TABLE_TOP + CUBE_HALF],
                                    yaw=random.uniform(-0.1, 0.1))

    def observation(self):
        return np.asarray(self.robot_observation() + [*self.goal], dtype=np.float32)

    def check_success(self):
        cube = self.scene.body_pose(self.cube)[0]
        return bool(np.linalg.norm(cube[:2] - self.goal) < self.TOLERANCE)


TASKS = {"lift": Lift, "pickplace": PickPlace, "push": Push}


def create(name):
    if name not in TASKS:
        raise SystemExit(f"unknown task {name!r} (expected {', '.join(TASKS)})")
    return TASKS[name]()


def nearest_grasp_yaw(cube_yaw, hand_yaw):
    """Of the cube's two grasp yaws (θ and θ + π/2, in [−π/4, 3π/4)), the one closer to the hand's."""
    first = wrap(cube_yaw, -math.pi / 4, math.pi)
    second = wrap(cube_yaw + math.pi / 2, -math.pi / 4, math.pi)
    return first if abs(first - hand_yaw) <= abs(second - hand_yaw) else second
