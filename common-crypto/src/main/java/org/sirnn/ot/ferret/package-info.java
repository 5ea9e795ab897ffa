/**
 * Ferret silent OT (Yang, Weng, Lan, Zhang, Wang, "Ferret: Fast Extension for coRRElated oT with small
 * communication", CCS 2020, ePrint 2020/924), semi-honest, as a second OT backend behind the interfaces of
 * {@link org.sirnn.ot}.
 *
 * <p>Layers, bottom to top:
 * <ul>
 *   <li>{@code Ggm}: the length-doubling fixed-key-AES PRG and the level-by-level expansion of
 *       many GGM trees at once (one bulk AES call per 4096 nodes of a level);
 *   <li>{@code Spcot}: single-point COT, one GGM tree per noise position, h COTs per tree, one
 *       message of (2h + 1) blocks per tree from the Delta holder; t trees of 2^h leaves are the regular-noise
 *       multi-point COT;
 *   <li>{@code LpnCode}: the primal-LPN expansion with a public d = 10 local linear code;
 *   <li>{@code FerretCot}: one end of one direction: IKNP bootstrap, iterations that reserve
 *       the next iteration's seed, slices run on demand, a cursor that hands out each COT once;
 *   <li>{@link org.sirnn.ot.ferret.FerretOt}: both directions of a session behind
 *       {@link org.sirnn.ot.CorrelatedOt}, {@link org.sirnn.ot.RandomOt}, {@link org.sirnn.ot.ChosenOt} (through
 *       {@link org.sirnn.ot.RowOt}, one choice-correction bit per instance) and {@link org.sirnn.ot.OneOfNOt}
 *       ({@code OneOfNTree}, log2 N COTs per instance).
 * </ul>
 *
 * <p>Security: semi-honest, under the primal LPN assumption with regular noise for the parameters of
 * {@link org.sirnn.ot.ferret.FerretParams} (about 128 bits for the default preset by emp-ot's estimate), the
 * security of IKNP and Naor-Pinkas for the bootstrap, and fixed-key AES modelled as an ideal cipher for the GGM PRG
 * and the correlation-robust hashes. Every session draws its own Delta, GGM roots, choice bits and public code key;
 * nothing is shared across sessions or persisted.
 *
 * <p>Cost (default preset, measured on loopback): setup about 1.5 MB per direction (IKNP bootstrap 1.18 MB, bootstrap
 * iteration 0.29 MB, base OTs), then 0.82 bits per COT for the silent extension in the first two main iterations
 * (b12, 12 M COTs per direction) and 0.44 bits after (b13); derandomised, a COT of l bits
 * costs 1 + l bits per instance instead of IKNP's 128 + l.
 */
package org.sirnn.ot.ferret;
