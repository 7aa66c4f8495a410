/**
 * The agreement suite that every backend must pass against the reference: named cases (an op, sizes
 * that hit vector tails such as 1, 7, 33, 1000 and 4097, a tolerance |a − e| ≤ atol + rtol·|e|) run on the
 * candidate and on {@code lfm.backend.reference}, with a coverage check that every {@code Backend} method
 * has cases. Used by the tests and by {@code lfm check}. Same layer as {@code lfm.backend}.
 */
package lfm.backend.conformance;
