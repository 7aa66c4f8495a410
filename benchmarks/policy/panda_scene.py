"""A Franka Panda on a table in PyBullet (direct mode, no window), driven by end-effector targets.

An action is an absolute target (x, y, z, yaw, opening): the grasp point's position in metres, the
hand's rotation about the vertical in radians (fingers pointing down), and the total finger opening in
metres (0 to 0.08). One control step holds the target for CONTROL_PERIOD seconds: inverse kinematics
gives joint targets, which the joints' position controllers follow for SUBSTEPS simulation steps.
"""

import math

import numpy as np
import pybullet
import pybullet_data

SIMULATION_STEP = 1.0 / 240.0
SUBSTEPS = 12                       # 20 Hz control
CONTROL_PERIOD = SIMULATION_STEP * SUBSTEPS
TABLE_TOP = 0.625                   # height of the table's surface (table.urdf: box top at 0.6 + 0.025)
ARM_JOINTS = list(range(7))
FINGER_JOINTS = [9, 10]
GRASP_LINK = 11                     # panda_grasptarget, 0.105 m below the hand
REST_POSE = [0.0, -0.3, 0.0, -2.2, 0.0, 2.0, math.pi / 4]
CUBE_HALF = 0.025                   # cube_small.urdf is a 5 cm cube
YAW_LOW = -math.pi / 4              # commanded hand yaws lie in [−π/4, 3π/4)


def wrap(angle, low, period):
    """The angle moved by whole periods into [low, low + period)."""
    return (angle - low) % period + low


class PandaScene:
    """The robot, the table and the task's objects in one physics client."""

    def __init__(self):
        self.client = pybullet.connect(pybullet.DIRECT)
        p = self.physics
        p.setAdditionalSearchPath(pybullet_data.getDataPath())
        p.setGravity(0, 0, -9.81)
        p.setTimeStep(SIMULATION_STEP)
        p.loadURDF("table/table.urdf", [0.5, 0, 0], useFixedBase=True)
        self.robot = p.loadURDF("franka_panda/panda.urdf", [0, 0, TABLE_TOP], useFixedBase=True)
        for joint in ARM_JOINTS + FINGER_JOINTS:
            p.changeDynamics(self.robot, joint, linearDamping=0, angularDamping=0)
        self.lower = [p.getJointInfo(self.robot, j)[8] for j in ARM_JOINTS]
        self.upper = [p.getJointInfo(self.robot, j)[9] for j in ARM_JOINTS]
        self.bodies = []

    @property
    def physics(self):
        return _Bound(self.client)

    def reset_robot(self, position, yaw, opening):
        """Puts the arm at an inverse-kinematics solution for the target, at rest."""
        p = self.physics
        for joint, angle in zip(ARM_JOINTS, REST_POSE):
            p.resetJointState(self.robot, joint, angle)
        for _ in range(4):
            angles = self._inverse_kinematics(position, yaw)
            for joint, angle in zip(ARM_JOINTS, angles):
                p.resetJointState(self.robot, joint, angle)
        for joint in FINGER_JOINTS:
            p.resetJointState(self.robot, joint, opening / 2)
        self.target = (np.asarray(position, float), float(yaw), float(opening))

    def add_box(self, half_extents, position, yaw=0.0, mass=0.0, color=(0.6, 0.6, 0.6, 1)):
        p = self.physics
        shape = p.createCollisionShape(pybullet.GEOM_BOX, halfExtents=half_extents)
        visual = p.createVisualShape(pybullet.GEOM_BOX, halfExtents=half_extents, rgbaColor=color)
        body = p.createMultiBody(mass, shape, visual, position, p.getQuaternionFromEuler([0, 0, yaw]))
        self.bodies.append(body)
        return body

    def load(self, urdf, position, yaw=0.0, scale=1.0, fixed=False):
        p = self.physics
        body = p.loadURDF(urdf, position, p.getQuaternionFromEuler([0, 0, yaw]), globalScaling=scale,
                          useFixedBase=fixed)
        self.bodies.append(body)
        return body

    def remove_objects(self):
        for body in self.bodies:
            self.physics.removeBody(body)
        self.bodies = []

    def _inverse_kinematics(self, position, yaw):
        p = self.physics
        orientation = p.getQuaternionFromEuler([math.pi, 0, yaw])
        rest = [p.getJointState(self.robot, j)[0] for j in ARM_JOINTS]
        ranges = [u - l for l, u in zip(self.lower, self.upper)]
        angles = p.calculateInverseKinematics(self.robot, GRASP_LINK, list(position), orientation,
                                              lowerLimits=self.lower, upperLimits=self.upper,
                                              jointRanges=ranges, restPoses=rest, maxNumIterations=50,
                                              residualThreshold=1e-4)
        return angles[:7]

    def act(self, action):
        """Holds the target (x, y, z, yaw, opening) for one control step."""
        p = self.physics
        x, y, z, yaw, opening = (float(v) for v in action)
        z = max(z, TABLE_TOP + 0.005)
        opening = min(max(opening, 0.0), 0.08)
        angles = self._inverse_kinematics([x, y, z], yaw)
        p.setJointMotorControlArray(self.robot, ARM_JOINTS, pybullet.POSITION_CONTROL, targetPositions=angles,
                                    forces=[87.0] * 4 + [12.0] * 3, positionGains=[0.1] * 7)
        p.setJointMotorControlArray(self.robot, FINGER_JOINTS, pybullet.POSITION_CONTROL,
                                    targetPositions=[opening / 2] * 2, forces=[40.0] * 2)
        for _ in range(SUBSTEPS):
            p.stepSimulation()

    def grasp_pose(self):
        """Grasp point (x, y, z), hand yaw in [−π/4, 3π/4) and the finger opening."""
        p = self.physics
        state = p.getLinkState(self.robot, GRASP_LINK, computeForwardKinematics=True)
        rotation = np.asarray(p.getMatrixFromQuaternion(state[5])).reshape(3, 3)
        yaw = wrap(math.atan2(rotation[1, 0], rotation[0, 0]), YAW_LOW, math.pi)
        opening = sum(p.getJointState(self.robot, j)[0] for j in FINGER_JOINTS)
        return np.asarray(state[4]), yaw, opening

    def body_pose(self, body, symmetry=math.pi / 2):
        """Position and yaw (wrapped by the body's symmetry into [−symmetry/2, symmetry/2))."""
        p = self.physics
        position, orientation = p.getBasePositionAndOrientation(body)
        rotation = np.asarray(p.getMatrixFromQuaternion(orientation)).reshape(3, 3)
        yaw = wrap(math.atan2(rotation[1, 0], rotation[0, 0]), -symmetry / 2, symmetry)
        return np.asarray(position), yaw

    def touching(self, body_a, body_b):
        return len(self.physics.getContactPoints(body_a, body_b)) > 0

    def close(self):
        pybullet.disconnect(self.client)


class _Bound:
    """pybullet's functions with physicsClientId filled in (several scenes may share a process)."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        function = getattr(pybullet, name)
        return lambda *args, **kwargs: function(*args, physicsClientId=self._client, **kwargs)
