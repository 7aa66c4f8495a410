package lfm.report;

import java.util.Locale;

/**
 * Where a run stands: every block trained ({@code COMPLETE}); stopped before that and resumable with
 * {@code lfm train --resume} (killed, or still running: {@code PARTIAL}); stopped by an error, or its
 * config.json unreadable ({@code FAILED}).
 */
public enum RunStatus {
    COMPLETE,
    PARTIAL,
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
