package lfm.backend.cuda;

import lfm.backend.Backend;
import lfm.backend.BackendUnavailableException;

/** The CUDA backend (hand-written kernels and cuBLAS through FFM). */
public final class CudaBackend {
    private CudaBackend() {
    }

    public static Backend open() {
        throw new BackendUnavailableException("cuda: " + unavailableReason());
    }

    public static String unavailableReason() {
        return "the CUDA backend is not part of this build";
    }
}
