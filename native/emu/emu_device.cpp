// emu_device.cpp: the emulator's scheduler (see emu_device.h). Fibers are ucontext contexts with their
// own stacks; the scheduler resumes each live thread of the block in turn until all have finished.
#include "emu_device.h"

#include <mutex>
#include <ucontext.h>
#include <vector>

#include "../lfm_kernels.h"

dim3 threadIdx, blockIdx, blockDim, gridDim;

namespace {
const size_t STACK_BYTES = 64 * 1024;
std::mutex launchLock;                    // one launch at a time (the emulated device has one queue)
int pendingStatus = 0;                    // first error since the last lfm_emu_take_status
bool fiberMode = false;                   // inside an LFM_LAUNCH_SYNC kernel
ucontext_t scheduler;
std::vector<ucontext_t> fibers;
std::vector<std::vector<char>> stacks;
std::vector<int> barrierCounts;
std::vector<bool> finished;
int current = -1;
const std::function<void()> *currentBody = nullptr;

void fail() {
    if (pendingStatus == 0) pendingStatus = LFM_STATUS_EMULATION;
}

dim3 threadAt(int index) {
    return dim3(index % blockDim.x, (index / blockDim.x) % blockDim.y, index / (blockDim.x * blockDim.y));
}

void fiberEntry() {
    (*currentBody)();
    finished[current] = true;
    // returning resumes uc_link (the scheduler)
}

void runBlockWithFibers(int threads) {
    if ((int)fibers.size() < threads) {
        fibers.resize(threads);
        stacks.resize(threads);
    }
    barrierCounts.assign(threads, 0);
    finished.assign(threads, false);
    for (int t = 0; t < threads; t++) {
        if (stacks[t].empty()) stacks[t].resize(STACK_BYTES);
        getcontext(&fibers[t]);
        fibers[t].uc_stack.ss_sp = stacks[t].data();
        fibers[t].uc_stack.ss_size = STACK_BYTES;
        fibers[t].uc_link = &scheduler;
        makecontext(&fibers[t], fiberEntry, 0);
    }
    bool anyAlive = true;
    while (anyAlive) {
        anyAlive = false;
        for (int t = 0; t < threads; t++) {
            if (finished[t]) continue;
            current = t;
            threadIdx = threadAt(t);
            swapcontext(&scheduler, &fibers[t]);
            anyAlive |= !finished[t];
        }
        // After a round every thread is either finished or waiting at a barrier: all must agree.
        int expected = -1;
        for (int t = 0; t < threads; t++) {
            if (finished[t]) continue;
            if (expected < 0) expected = barrierCounts[t];
            if (barrierCounts[t] != expected) fail();
        }
        if (anyAlive) {
            for (int t = 0; t < threads; t++) {
                if (finished[t] && barrierCounts[t] != expected) fail();  // a thread left before a barrier
            }
        }
    }
    current = -1;
}
}  // namespace

void lfm_emu_syncthreads() {
    if (!fiberMode) {
        fail();  // a barrier in a kernel launched without LFM_LAUNCH_SYNC
        return;
    }
    barrierCounts[current]++;
    swapcontext(&fibers[current], &scheduler);
}

void lfm_emu_launch(dim3 grid, dim3 block, bool barriers, const std::function<void()> &body) {
    std::lock_guard<std::mutex> guard(launchLock);
    if (grid.x == 0 || grid.y == 0 || grid.z == 0 || grid.y > 65535 || grid.z > 65535 ||
        (uint64_t)block.x * block.y * block.z > 1024 || block.x * block.y * block.z == 0) {
        if (pendingStatus == 0) pendingStatus = 9;  // cudaErrorInvalidConfiguration
        return;
    }
    gridDim = grid;
    blockDim = block;
    int threads = (int)(block.x * block.y * block.z);
    currentBody = &body;
    for (unsigned bz = 0; bz < grid.z; bz++) {
        for (unsigned by = 0; by < grid.y; by++) {
            for (unsigned bx = 0; bx < grid.x; bx++) {
                blockIdx = dim3(bx, by, bz);
                if (barriers) {
                    fiberMode = true;
                    runBlockWithFibers(threads);
                    fiberMode = false;
                } else {
                    for (int t = 0; t < threads; t++) {
                        threadIdx = threadAt(t);
                        body();
                    }
                }
            }
        }
    }
    currentBody = nullptr;
}

int lfm_emu_take_status() {
    int status = pendingStatus;
    pendingStatus = 0;
    return status;
}
