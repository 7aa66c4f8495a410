package lfm.backend.cpu;

import lfm.backend.Backend;
import lfm.backend.BackendAgreementTest;

/** The Vector API kernels on 2 threads (the thread splits of large cases run). */
class CpuBackendAgreementTest extends BackendAgreementTest {
    @Override
    protected Backend candidate() {
        return new CpuBackend(2, false);
    }
}
