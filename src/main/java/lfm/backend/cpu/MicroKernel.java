package lfm.backend.cpu;

/**
 * The register tile of the SGEMM: tile[MR × NR] = A micro-panel (kc × MR) · B micro-panel (kc × NR),
 * with NR a whole number of vectors. The accumulators stay in vector registers for the whole k loop;
 * per step p the kernel loads the NR/LANES vectors of B row p, broadcasts the MR values of A column p
 * one at a time and issues MR·NR/LANES independent FMAs. The finished tile goes to a small buffer,
 * {@link #tile}, from which a {@link TileEpilogue} writes C: keeping the C update out of the kernel
 * keeps it small enough for C2 to keep every vector in a register (else vectors get boxed).
 *
 * <p>The shape is chosen once per machine from the vector width ({@link #forLanes}):
 * <ul>
 *   <li>8 floats (AVX2, 16 vector registers): 4 rows × 2 vectors, 8 accumulators plus 2 B vectors and
 *       a broadcast: 12-accumulator shapes spill under C2 there;</li>
 *   <li>16 floats (AVX-512, 32 registers): see {@link #forLanes}.</li>
 * </ul>
 * {@code -Dlfm.cpu.tile=RxV} (e.g. 8x2) picks another shape, for measuring; the shapes that exist are
 * listed in {@link #create}.
 *
 * <p>Packed layouts (written by {@link GemmPacking}): A micro-panel element (r, p) at aBase + p·MR + r;
 * B micro-panel element (p, j) at bBase + p·NR + j.
 */
abstract class MicroKernel {
    /** System property that overrides the tile shape ("RxV": R rows × V vectors). */
    static final String TILE_PROPERTY = "lfm.cpu.tile";

    /** Rows of the tile (MR). */
    final int mr;
    /** Vectors per tile row. */
    final int vectors;
    /** Columns of the tile (NR = vectors·LANES). */
    final int nr;
    /** The last product, row r at r·NR. */
    final float[] tile;

    MicroKernel(int rows, int vectors) {
        this.mr = rows;
        this.vectors = vectors;
        this.nr = vectors * Simd.LANES;
        this.tile = new float[mr * nr];
    }

    /** tile[r·NR + j] = Σ_{p < kc} a[aBase + p·MR + r] · b[bBase + p·NR + j], with vectors. */
    abstract void accumulate(int kc, float[] a, int aBase, float[] b, int bBase);

    /** The same with A row-major: element (r, p) at aBase + r·aStride + p. */
    abstract void accumulateRows(int kc, float[] a, int aBase, int aStride, float[] b, int bBase);

    /**
     * The same product with plain loops (the forced-scalar backend), into the same buffer; A element
     * (r, p) at aBase + r·rowStride + p·depthStride.
     */
    final void accumulateScalar(int kc, float[] a, int aBase, int rowStride, int depthStride, float[] b, int bBase) {
        java.util.Arrays.fill(tile, 0f);
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * depthStride;
            int bi = bBase + p * nr;
            for (int r = 0; r < mr; r++) {
                float value = a[ai + r * rowStride];
                int row = r * nr;
                for (int j = 0; j < nr; j++) {
                    tile[row + j] = Math.fma(value, b[bi + j], tile[row + j]);
                }
            }
        }
    }

    /** "RxV" of this kernel. */
    final String shape() {
        return mr + "x" + vectors;
    }

    /**
     * A new kernel of the shape this machine uses for one A layout: {@code -Dlfm.cpu.tile} if set, else
     * by lane count: 8 lanes 4x2; 16 lanes 4x4 for row-major A panels and 8x2 for k-major ones.
     */
    static MicroKernel forLanes(int lanes, boolean depthMajorA) {
        return forLanes(lanes, depthMajorA, System.getProperty(TILE_PROPERTY));
    }

    /** As {@link #forLanes(int, boolean)} with the override given ("RxV", or null for none). */
    static MicroKernel forLanes(int lanes, boolean depthMajorA, String asked) {
        if (asked != null && !asked.isBlank()) {
            return create(asked.trim());
        }
        if (lanes < 16) {
            return create("4x2");
        }
        return create(depthMajorA ? "8x2" : "4x4");
    }

    /** A kernel of shape "RxV". */
    static MicroKernel create(String shape) {
        return switch (shape) {
            case "4x2" -> new MicroKernel4x2();
            case "6x2" -> new MicroKernel6x2();
            case "8x2" -> new MicroKernel8x2();
            case "12x2" -> new MicroKernel12x2();
            case "4x4" -> new MicroKernel4x4();
            default ->
                throw new IllegalArgumentException(
                        "-D" + TILE_PROPERTY + "=" + shape + ": unknown tile (expected 4x2, 6x2, 8x2, 12x2 or 4x4)");
        };
    }
}
