/**
 * Oblivious transfer: the engine under every SiRnn protocol.
 *
 * <p>Protocols above this package see only the interfaces {@link org.sirnn.ot.CorrelatedOt},
 * {@link org.sirnn.ot.RandomOt}, {@link org.sirnn.ot.ChosenOt} and {@link org.sirnn.ot.OneOfNOt}; each is used by
 * both parties of a session, one acting as sender and the other as receiver in the same call order. Backends
 * ({@link org.sirnn.ot.OtBackend}): {@code ot.base} (Naor-Pinkas base OT), {@code ot.iknp} (IKNP extension,
 * Ishai-Kilian-Nissim-Petrank CRYPTO 2003, with the correlated-OT optimisation of Asharov-Lindell-Schneider-Zohner
 * CCS 2013), {@code ot.kk13} (1-out-of-N extension, Kolesnikov-Kumaresan CRYPTO 2013) and {@code ot.ferret} (Ferret
 * silent COT, Yang-Weng-Lan-Zhang-Wang CCS 2020, bootstrapped by IKNP, under all four interfaces). IKNP and Ferret
 * share {@link org.sirnn.ot.RowOt}, which turns correlated 128-bit rows into correlated, random and chosen OT.
 *
 * <p>Conventions: choice bits are packed 64 per long (bit i of {@code choices[i/64]}); l-bit values live in the
 * low l bits of a long, l in 1..64; all methods are batched over n instances and cost a constant number of rounds.
 */
package org.sirnn.ot;
