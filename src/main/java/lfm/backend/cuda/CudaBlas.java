package lfm.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.bindings.cublas.Cublas;

/**
 * The cuBLAS handle of one backend, bound to its stream, and the row-major matrix product on it.
 * TF32 tensor-core math is opt-in ({@code -Dlfm.cuda.tf32=true} or {@code LFM_CUDA_TF32=1}): faster on
 * Ampere and newer, with a 10-bit mantissa in the products, so off by default.
 */
final class CudaBlas implements AutoCloseable {
    private static final int OP_N = 0;
    private static final int OP_T = 1;
    private static final int DEFAULT_MATH = 0;
    private static final int TF32_TENSOR_OP_MATH = 3;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final MemorySegment alphaBeta = arena.allocate(ValueLayout.JAVA_FLOAT, 2);
    private final boolean tf32;
    private final int version;

    CudaBlas(MemorySegment stream) {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        CublasException.check("cublasCreate_v2", Cublas.cublasCreate_v2(out));
        handle = out.get(ValueLayout.ADDRESS, 0);
        CublasException.check("cublasSetStream_v2", Cublas.cublasSetStream_v2(handle, stream));
        String flag = CudaLibraries.setting("lfm.cuda.tf32", "LFM_CUDA_TF32");
        tf32 = flag != null && (flag.equals("1") || flag.equalsIgnoreCase("true"));
        CublasException.check(
                "cublasSetMathMode", Cublas.cublasSetMathMode(handle, tf32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH));
        MemorySegment versionOut = arena.allocate(ValueLayout.JAVA_INT);
        CublasException.check("cublasGetVersion_v2", Cublas.cublasGetVersion_v2(handle, versionOut));
        version = versionOut.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * Row-major c (m, n) = α·op(a)·op(b) + β·c with cuBLAS, which is column-major. A row-major matrix
     * X (r, c) read column-major is Xᵀ (c, r) with leading dimension c, so we ask cuBLAS for
     * Cᵀ = op(B)ᵀ·op(A)ᵀ: operands swapped, each op flag kept (op(B)ᵀ of the column-major view Bᵀ is
     * Bᵀ itself when B is not transposed: CUBLAS_OP_N), dimensions (n, m, k), leading dimensions the
     * row lengths b.cols, a.cols and n. Callers handle m = 0, n = 0 and k = 0.
     */
    synchronized void sgemm(
            MemorySegment a,
            int aCols,
            boolean transposeA,
            MemorySegment b,
            int bCols,
            boolean transposeB,
            MemorySegment c,
            int m,
            int n,
            int k,
            float alpha,
            float beta) {
        alphaBeta.setAtIndex(ValueLayout.JAVA_FLOAT, 0, alpha);
        alphaBeta.setAtIndex(ValueLayout.JAVA_FLOAT, 1, beta);
        int status = Cublas.cublasSgemm_v2(
                handle,
                transposeB ? OP_T : OP_N,
                transposeA ? OP_T : OP_N,
                n,
                m,
                k,
                alphaBeta,
                b,
                bCols,
                a,
                aCols,
                alphaBeta.asSlice(4),
                c,
                n);
        CublasException.check("cublasSgemm_v2", status);
    }

    /**
     * The strided batched form of {@link #sgemm}: for i in [0, count), row-major c_i (m, n) =
     * α·op(a_i)·op(b_i) + β·c_i with each operand's own row pitch (leading) and matrix stride, all in
     * elements; the same operand swap as sgemm.
     */
    synchronized void sgemmStridedBatched(
            int count,
            MemorySegment a,
            int aLeading,
            long aStride,
            boolean transposeA,
            MemorySegment b,
            int bLeading,
            long bStride,
            boolean transposeB,
            MemorySegment c,
            int cLeading,
            long cStride,
            int m,
            int n,
            int k,
            float alpha,
            float beta) {
        alphaBeta.setAtIndex(ValueLayout.JAVA_FLOAT, 0, alpha);
        alphaBeta.setAtIndex(ValueLayout.JAVA_FLOAT, 1, beta);
        int status = Cublas.cublasSgemmStridedBatched(
                handle,
                transposeB ? OP_T : OP_N,
                transposeA ? OP_T : OP_N,
                n,
                m,
                k,
                alphaBeta,
                b,
                bLeading,
                bStride,
                a,
                aLeading,
                aStride,
                alphaBeta.asSlice(4),
                c,
                cLeading,
                cStride,
                count);
        CublasException.check("cublasSgemmStridedBatched", status);
    }

    boolean tf32() {
        return tf32;
    }

    int version() {
        return version;
    }

    @Override
    public void close() {
        Cublas.cublasDestroy_v2(handle);
        arena.close();
    }
}
