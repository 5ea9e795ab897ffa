package org.sirnn.ot;

/**
 * Which OT engine a session runs on. Both parties of a session must use the same; every protocol above this package
 * means the same thing on either.
 */
public enum OtBackend {
  /** IKNP extension for correlated, random and chosen OT, KK13 for 1-out-of-N (128 bits per OT). */
  IKNP,
  /** Ferret silent COT (bootstrapped by IKNP) under every interface (about 1 bit per OT plus the message). */
  FERRET
}
