package lfm.backend.cpu;

/**
 * Block sizes of the packed SGEMM for one register tile and cache set:
 * <ul>
 *   <li>kc = 256: depth of a packed block. One block then covers k of a 256-wide hidden layer, so C
 *       is written once instead of read back and added to; measured on AVX2 and AVX-512 machines, 128
 *       lost 15–25 % on the W1 products and 512 gained nothing. The B micro-panel (kc × NR floats:
 *       16 KiB for 4x2 on AVX2, 32 KiB for 8x2, 64 KiB for 4x4 on AVX-512) is then read from L1 or L2;</li>
 *   <li>mc: rows of A packed at once, a multiple of MR, so that the A block (mc × kc floats) takes a
 *       quarter of L2 (128 rows with 512 KiB, 256 with 1 MiB) beside the B block and the C tiles;</li>
 *   <li>nc = 256 rounded down to NR: columns of B packed at once (kc × nc floats = 256 KiB, shared by
 *       the threads): a whole 256-wide layer, so A is packed once per K block.</li>
 * </ul>
 * {@code -Dlfm.cpu.gemmBlocking=kc,mc,nc} overrides them, for measuring.
 */
record GemmBlocking(int kc, int mc, int nc) {
    static final String PROPERTY = "lfm.cpu.gemmBlocking";
    static final int DEPTH = 256;
    static final int COLUMNS = 256;

    static GemmBlocking forKernel(MicroKernel kernel, CacheSizes caches) {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return parse(override, kernel);
        }
        int mc = (int) Math.max(kernel.mr, Math.min(1024, caches.level2() / 4 / (4L * DEPTH)));
        return new GemmBlocking(DEPTH, mc - mc % kernel.mr, Math.max(kernel.nr, COLUMNS - COLUMNS % kernel.nr));
    }

    private static GemmBlocking parse(String text, MicroKernel kernel) {
        String[] parts = text.split(",", -1);
        try {
            int kc = Integer.parseInt(parts[0].trim());
            int mc = Integer.parseInt(parts[1].trim());
            int nc = Integer.parseInt(parts[2].trim());
            if (parts.length == 3 && kc > 0 && mc >= kernel.mr && nc >= kernel.nr) {
                return new GemmBlocking(kc, mc - mc % kernel.mr, nc - nc % kernel.nr);
            }
        } catch (RuntimeException malformed) {
            // reported below
        }
        throw new IllegalArgumentException(
                "-D" + PROPERTY + "=" + text + ": expected kc,mc,nc with mc ≥ " + kernel.mr + " and nc ≥ " + kernel.nr);
    }

    @Override
    public String toString() {
        return "kc " + kc + ", mc " + mc + ", nc " + nc;
    }
}
