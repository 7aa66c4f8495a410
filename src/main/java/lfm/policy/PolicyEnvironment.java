package lfm.policy;

/**
 * One episode of a control task, as a policy sees it: an observation vector before each step, an
 * action vector per step, and the task's own success test.
 */
public interface PolicyEnvironment {

    /** The current observation (a fresh array). */
    float[] observation();

    /** Applies one action; only allowed while not {@link #done()}. */
    void step(float[] action);

    /** The episode has ended (success, failure, or the step limit). */
    boolean done();

    /** The task's success test, final once {@link #done()}. */
    boolean succeeded();
}
