package lfm.data.toy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import lfm.data.PointSampler;
import lfm.data.SamplerDataset;

/**
 * The built-in 2D data sets. The standard eight follow the toy-data definitions of the FFJORD code
 * (Grathwohl et al. 2019, lib/toy_data.py), which build on scikit-learn's generators, with their
 * constants; where those place points on an evenly spaced grid of angles (moons, circles, rings) an
 * unlimited sampler draws the angle uniformly instead, which has the same distribution.
 * {@code branching-tree} and {@code rose-curve} are procedural shapes of this engine ({@link BranchingTree},
 * {@link RoseCurve}), not the LFM paper's tree and rose, which are drawn images (train on those with
 * {@code --data stretch:PATH.png}). All lie roughly within [−4, 4]².
 *
 * <p>One labelled set for conditional models: {@code 8gaussians-class} has rows (x, y, k), the point of
 * {@code 8gaussians} and the index k ∈ {0, …, 7} of its centre (train with
 * {@code --condition-columns 2 --condition-classes 8}: the class picks the component).
 */
public final class ToyDistributions {
    private static final double TWO_PI = 2 * Math.PI;
    private static final Map<String, Supplier<PointSampler>> SAMPLERS = new LinkedHashMap<>();

    static {
        SAMPLERS.put("branching-tree", BranchingTree::sampler);
        SAMPLERS.put("rose-curve", RoseCurve::sampler);
        SAMPLERS.put("checkerboard", () -> ToyDistributions::checkerboard);
        SAMPLERS.put("8gaussians", () -> ToyDistributions::eightGaussians);
        SAMPLERS.put("moons", () -> ToyDistributions::moons);
        SAMPLERS.put("pinwheel", () -> ToyDistributions::pinwheel);
        SAMPLERS.put("2spirals", () -> ToyDistributions::twoSpirals);
        SAMPLERS.put("rings", () -> ToyDistributions::rings);
        SAMPLERS.put("swissroll", () -> ToyDistributions::swissRoll);
        SAMPLERS.put("circles", () -> ToyDistributions::circles);
    }

    /** Labelled sets: the last column is a class label. */
    private static final Map<String, Supplier<PointSampler>> LABELLED =
            Map.of("8gaussians-class", () -> ToyDistributions::eightGaussiansWithClass);

    private ToyDistributions() {}

    /** The built-in 2D names, in documentation order. */
    public static List<String> names() {
        return List.copyOf(SAMPLERS.keySet());
    }

    /** The built-in labelled names (2D point + class label). */
    public static List<String> labelledNames() {
        return List.copyOf(LABELLED.keySet());
    }

    /** The named built-in data set (2D, or 2D + label), or null when the name is not built in. */
    public static SamplerDataset byName(String name) {
        Supplier<PointSampler> sampler = SAMPLERS.get(name);
        if (sampler != null) {
            return new SamplerDataset(name, 2, sampler.get());
        }
        Supplier<PointSampler> labelled = LABELLED.get(name);
        return labelled == null ? null : new SamplerDataset(name, 3, labelled.get());
    }

    /** x₁ ~ U(−2, 2); x₂ ~ U(0, 1) − 2·Bernoulli(½) + (⌊x₁⌋ mod 2); the point is 2·(x₁, x₂). */
    static void checkerboard(float[] u, float[] n, float[] point) {
        double x1 = u[0] * 4.0 - 2;
        double x2 = u[1] - (u[2] < 0.5 ? 0 : 2) + Math.floorMod((int) Math.floor(x1), 2);
        point[0] = (float) (2 * x1);
        point[1] = (float) (2 * x2);
    }

    /** One of eight centres 4·(cos kπ/4, sin kπ/4), plus N(0, 0.5²) noise, all divided by 1.414. */
    static void eightGaussians(float[] u, float[] n, float[] point) {
        int k = Math.min(7, (int) (u[0] * 8));
        double angle = k * Math.PI / 4;
        point[0] = (float) ((4 * Math.cos(angle) + 0.5 * n[0]) / 1.414);
        point[1] = (float) ((4 * Math.sin(angle) + 0.5 * n[1]) / 1.414);
    }

    /** {@link #eightGaussians} with the index k of the centre as a third value. */
    static void eightGaussiansWithClass(float[] u, float[] n, float[] point) {
        eightGaussians(u, n, point);
        point[2] = Math.min(7, (int) (u[0] * 8));
    }

    /**
     * scikit-learn's two moons, t ~ U(0, π): upper (cos t, sin t) or lower (1 − cos t, ½ − sin t), plus
     * N(0, 0.1²) noise, then scaled by 2 and shifted by (−1, −0.2).
     */
    static void moons(float[] u, float[] n, float[] point) {
        double t = u[0] * Math.PI;
        boolean upper = u[1] < 0.5;
        double x = upper ? Math.cos(t) : 1 - Math.cos(t);
        double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
        point[0] = (float) (2 * (x + 0.1 * n[0]) - 1);
        point[1] = (float) (2 * (y + 0.1 * n[1]) - 0.2);
    }

    /**
     * Five arms: class k, features f = (1 + 0.3·ε₁, 0.1·ε₂), angle a = 2πk/5 + 0.25·exp(f₁); the point is
     * 2·(f₁ cos a + f₂ sin a, −f₁ sin a + f₂ cos a) (FFJORD's rotation, einsum "ti,tij->tj").
     */
    static void pinwheel(float[] u, float[] n, float[] point) {
        int k = Math.min(4, (int) (u[0] * 5));
        double radial = 1 + 0.3 * n[0];
        double tangential = 0.1 * n[1];
        double angle = TWO_PI * k / 5 + 0.25 * Math.exp(radial);
        point[0] = (float) (2 * (radial * Math.cos(angle) + tangential * Math.sin(angle)));
        point[1] = (float) (2 * (-radial * Math.sin(angle) + tangential * Math.cos(angle)));
    }

    /**
     * s = √U · 3π (540°); arm (−s cos s + U/2, s sin s + U/2), mirrored through the origin for the
     * second spiral; divided by 3, plus N(0, 0.1²) noise.
     */
    static void twoSpirals(float[] u, float[] n, float[] point) {
        double s = Math.sqrt(u[0]) * 540 * TWO_PI / 360;
        double x = -Math.cos(s) * s + u[1] * 0.5;
        double y = Math.sin(s) * s + u[2] * 0.5;
        double sign = u[3] < 0.5 ? 1 : -1;
        point[0] = (float) (sign * x / 3 + 0.1 * n[0]);
        point[1] = (float) (sign * y / 3 + 0.1 * n[1]);
    }

    /** Four concentric circles of radius 3·{1, 0.75, 0.5, 0.25}, equal mass, plus N(0, 0.08²) noise. */
    static void rings(float[] u, float[] n, float[] point) {
        int ring = Math.min(3, (int) (u[0] * 4));
        double radius = 3 * (1 - 0.25 * ring);
        double angle = TWO_PI * u[1];
        point[0] = (float) (radius * Math.cos(angle) + 0.08 * n[0]);
        point[1] = (float) (radius * Math.sin(angle) + 0.08 * n[1]);
    }

    /** scikit-learn's swiss roll (noise 1) seen from the side: t ~ 1.5π(1 + 2U), (t cos t, t sin t) + ε, over 5. */
    static void swissRoll(float[] u, float[] n, float[] point) {
        double t = 1.5 * Math.PI * (1 + 2 * u[0]);
        point[0] = (float) ((t * Math.cos(t) + n[0]) / 5);
        point[1] = (float) ((t * Math.sin(t) + n[1]) / 5);
    }

    /** scikit-learn's circles (factor 0.5, noise 0.08) scaled by 3: radius 1 or 0.5, uniform angle. */
    static void circles(float[] u, float[] n, float[] point) {
        double radius = u[0] < 0.5 ? 1 : 0.5;
        double angle = TWO_PI * u[1];
        point[0] = (float) (3 * (radius * Math.cos(angle) + 0.08 * n[0]));
        point[1] = (float) (3 * (radius * Math.sin(angle) + 0.08 * n[1]));
    }
}
