package lfm.backend.cpu;

import lfm.backend.Backend;
import lfm.backend.BackendAgreementTest;

/** The Vector API kernels on the calling thread alone. */
class CpuBackendSingleThreadAgreementTest extends BackendAgreementTest {
    @Override
    protected Backend candidate() {
        return new CpuBackend(1, false);
    }
}
