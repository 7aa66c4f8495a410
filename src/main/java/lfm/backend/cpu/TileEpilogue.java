package lfm.backend.cpu;

/**
 * What the SGEMM does with a finished register tile: writes it into C, possibly fused with more work
 * (a bias and an activation, say) while the tile is still in L1. Called once per tile and K block, in
 * K order, by the thread that owns the tile's rows.
 */
interface TileEpilogue {

    /**
     * Stores one tile of the product into C (and applies what follows the product).
     *
     * @param tile  the product of one K block, row r at r·nr (see {@link MicroKernel#tile})
     * @param row   top row of the tile in C
     * @param col   left column of the tile in C
     * @param rows  valid rows (≤ MR; the rest of the tile is padding)
     * @param cols  valid columns (≤ NR)
     * @param first whether this is the first K block of the product
     * @param last  whether this is the last K block (the sum over k is then complete)
     * @param worker the calling participant of the pool (for per-thread scratch)
     */
    void store(float[] tile, int nr, int row, int col, int rows, int cols, boolean first, boolean last, int worker);
}
