/**
 * The built-in task "reach around an obstacle": a point agent in the plane, observation (goal − p,
 * obstacle − p) (4 values), action a displacement (2 values), the scripted expert that passes the obstacle
 * left or right by a fair coin, and seeded layouts for demonstrations and held-out starts. Application
 * layer with {@code lfm.policy} (docs/architecture.md).
 */
package lfm.policy.reach;
