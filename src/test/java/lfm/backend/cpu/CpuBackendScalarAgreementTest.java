package lfm.backend.cpu;

import lfm.backend.Backend;
import lfm.backend.BackendAgreementTest;

/** The forced-scalar kernels (what -Dlfm.cpu.scalar=true selects) on 2 threads. */
class CpuBackendScalarAgreementTest extends BackendAgreementTest {
    @Override
    protected Backend candidate() {
        return new CpuBackend(2, true);
    }
}
