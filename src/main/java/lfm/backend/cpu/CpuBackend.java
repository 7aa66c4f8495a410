package lfm.backend.cpu;

/** Placeholder while the Vector API backend is written. */
public final class CpuBackend extends lfm.backend.reference.ReferenceBackendShim {
    public CpuBackend(int threads) {
    }

    @Override
    public String name() {
        return "cpu";
    }
}
