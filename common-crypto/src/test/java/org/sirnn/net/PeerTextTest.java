package org.sirnn.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.test.LoopbackGrpc;
import org.slf4j.LoggerFactory;

/** Issue 17, item 6: what crosses the trust boundary between the parties. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerTextTest {

  @Test
  void sanitise_boundsAndStripsControlCharacters() {
    String forged = "abc\n12:00:00 INFO forged line\r\u001b[31m" + "x".repeat(5000);
    String s = PeerText.sanitise(forged);
    assertFalse(s.contains("\n") || s.contains("\r") || s.contains("\u001b"), s);
    assertTrue(s.length() <= PeerText.MAX_CHARS + 32, "length " + s.length());
    assertTrue(s.endsWith("more)"), s);
    assertEquals("", PeerText.sanitise(null));
  }

  @Test
  void onlyRefusalsKeepTheirText_everythingElseIsGeneric() {
    assertEquals("no model named 'x'", PeerText.forPeer(new ProtocolAbortException(Reason.INCOMPATIBLE,
        "no model named 'x'")));
    assertTrue(PeerText.forPeer(new ProtocolAbortException(Reason.BUSY, "server busy: slots")).contains("slots"));
    String local = PeerText.forPeer(new IllegalStateException("/srv/models/heads/face2/w.bin: bad CRC"));
    assertFalse(local.contains("/srv") || local.contains("IllegalState"), local);
    String malformed = PeerText.forPeer(new ProtocolAbortException(Reason.MALFORMED, "got 7 values of secret x"));
    assertFalse(malformed.contains("secret"), malformed);
    assertEquals(PeerText.ABORTED, PeerText.code(new RuntimeException("x")));
    assertEquals(ProtocolAbortException.BUSY_CODE, PeerText.code(new ProtocolAbortException(Reason.LIMIT, "x")));
  }

  @Test
  void aForgedSessionId_isLoggedBoundedAndOnOneLine() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(PartyLinkService.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    String forged = "id\n2026-12-05 00:00:00 INFO  forged: admin logged in" + "y".repeat(10_000);
    PartyLinkService.SessionHandler failing = (hello, ch) -> {
      throw new IllegalStateException("local failure " + UUID.randomUUID());
    };
    try (LoopbackGrpc link = new LoopbackGrpc(failing, FrameChannel.Options.defaults())) {
      FrameChannel ch = PartyLinkClient.open(link.client, forged, "m", FrameChannel.Options.defaults(),
          java.time.Duration.ofSeconds(30));
      try {
        ch.receiveLongs(1, 8);
      } catch (ProtocolAbortException expected) {
        // the server's failure
      }
      long until = System.currentTimeMillis() + 5000;
      while (appender.list.stream().noneMatch(e -> e.getFormattedMessage().contains("aborted"))
          && System.currentTimeMillis() < until) {
        Thread.sleep(20);
      }
    } finally {
      logger.detachAppender(appender);
    }
    ILoggingEvent line = appender.list.stream().filter(e -> e.getFormattedMessage().contains("aborted")).findFirst()
        .orElseThrow(() -> new AssertionError("no 'aborted' line logged: " + appender.list));
    String msg = line.getFormattedMessage();
    assertFalse(msg.contains("\n"), msg);
    assertTrue(msg.length() < 1000, "logged " + msg.length() + " characters");
  }
}
