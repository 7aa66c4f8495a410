package lfm.data;

import java.util.Optional;

/** A data set the engine trains on (interim interface; the data package replaces it). */
public interface Dataset {
    String name();

    int dimension();

    DataMatrix train(int n, long seed);

    DataMatrix test(int n, long seed);

    Optional<DataMatrix> validation();

    boolean standardize();
}
