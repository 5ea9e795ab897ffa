package org.sirnn.client.bench.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LinkRelay} in front of a TCP echo server: round trips take the configured RTT (not less, and not much
 * more), bulk data moves at the configured rate and arrives intact, and closing either end closes the other.
 * Timing bounds leave slack for a loaded 2-core machine.
 */
@Timeout(60)
class LinkRelayTest {
  private ServerSocket echo;
  private Thread echoThread;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          s.setTcpNoDelay(true);
          Thread t = new Thread(() -> echoOne(s), "echo");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "echo-accept");
    echoThread.setDaemon(true);
    echoThread.start();
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
  }

  private static void echoOne(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[64 << 10];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException ignored) {
      // the peer went away
    }
  }

  private InetSocketAddress echoAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
  }

  private static Socket connect(LinkRelay relay) throws IOException {
    Socket s = new Socket(relay.address().getAddress(), relay.address().getPort());
    s.setTcpNoDelay(true);
    return s;
  }

  @Test
  void pingPongTakesTheRoundTripTime() throws Exception {
    try (LinkRelay relay = LinkRelay.start(echoAddress(), new LinkSpec(40, 100)); Socket s = connect(relay)) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      double[] ms = new double[11];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        out.write(i);
        assertEquals(i, in.read());
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      double[] sorted = Arrays.copyOfRange(ms, 1, ms.length); // the first includes the connection's warm-up
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      assertTrue(sorted[0] >= 40, "no round trip under 40 ms: " + Arrays.toString(ms));
      assertTrue(median < 55, "median round trip " + median + " ms, want 40-55: " + Arrays.toString(ms));
    }
  }

  @Test
  void smallRoundTripsAtLanLatency() throws Exception {
    try (LinkRelay relay = LinkRelay.start(echoAddress(), LinkSpec.LAN); Socket s = connect(relay)) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      double[] ms = new double[200];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        out.write(i);
        assertEquals(i & 0xff, in.read());
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      double[] sorted = Arrays.copyOfRange(ms, 20, ms.length);
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      assertTrue(sorted[0] >= 0.8, "no round trip under 0.8 ms: min " + sorted[0]);
      assertTrue(median < 1.6, "median round trip " + median + " ms, want 0.8-1.6");
    }
  }

  @Test
  void bulkMovesAtTheRateAndArrivesIntact() throws Exception {
    int size = 8_000_000;
    byte[] data = new byte[size];
    new Random(19).nextBytes(data);
    LinkSpec spec = new LinkSpec(2, 100);
    double expected = size * 8 / 100e6 + 0.002; // 0.64 s on the wire + one round trip for the checksum
    try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicReference<byte[]> received = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try (Socket s = sink.accept()) {
          s.getOutputStream().write(s.getInputStream().read()); // warm-up round trip
          byte[] all = new byte[size];
          CRC32 crc = new CRC32(); // as the bytes come, so that the answer leaves at the end of stream
          InputStream in = s.getInputStream();
          int at = 0;
          int n;
          while ((n = in.read(all, at, Math.min(64 << 10, size - at))) > 0) {
            crc.update(all, at, n);
            at += n;
          }
          s.getOutputStream().write(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
          received.set(in.read() < 0 ? Arrays.copyOf(all, at) : null); // then the relayed end of stream
        } catch (IOException ignored) {
          // the client side fails
        }
      }, "sink");
      t.start();
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.getLocalPort());
      try (LinkRelay relay = LinkRelay.start(target, spec); Socket s = connect(relay)) {
        s.getOutputStream().write(1); // the relay's connection to the sink is up, its threads running
        assertEquals(1, s.getInputStream().read());
        long t0 = System.nanoTime();
        s.getOutputStream().write(data);
        s.shutdownOutput();
        byte[] answer = s.getInputStream().readAllBytes();
        double seconds = (System.nanoTime() - t0) / 1e9;
        t.join();
        assertEquals(8, answer.length);
        assertEquals(crc(data), ByteBuffer.wrap(answer).getLong(), "checksum of what the server received");
        assertArrayEquals(data, received.get());
        assertTrue(seconds >= expected, "8 MB at 100 Mbit/s in " + seconds + " s, want >= " + expected);
        assertTrue(seconds < expected * 1.15, "8 MB at 100 Mbit/s in " + seconds + " s, want < " + expected * 1.15);
      }
    }
  }

  @Test
  void closingTheServerSideEndsTheClientsStream() throws Exception {
    try (ServerSocket quick = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (Socket s = quick.accept()) {
          s.getOutputStream().write(new byte[] {1, 2, 3});
        } catch (IOException ignored) {
          // test fails on the client side
        }
      });
      t.start();
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), quick.getLocalPort());
      try (LinkRelay relay = LinkRelay.start(target, new LinkSpec(10, 1000)); Socket s = connect(relay)) {
        s.setSoTimeout(5000);
        assertArrayEquals(new byte[] {1, 2, 3}, s.getInputStream().readAllBytes());
      }
      t.join();
    }
  }

  @Test
  void closeStopsAcceptingAndClosesConnections() throws Exception {
    LinkRelay relay = LinkRelay.start(echoAddress(), new LinkSpec(1, 1000));
    InetSocketAddress at = relay.address();
    try (Socket s = connect(relay)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(7);
      assertEquals(7, s.getInputStream().read());
      relay.close();
      assertEquals(-1, readOrEnd(s));
    }
    assertThrows(IOException.class, () -> new Socket(at.getAddress(), at.getPort()).close());
  }

  private static int readOrEnd(Socket s) {
    try {
      return s.getInputStream().read();
    } catch (IOException reset) {
      return -1;
    }
  }

  @Test
  void specParsesAndProjects() {
    assertEquals(new LinkSpec(40, 100), LinkSpec.parse("40:100"));
    assertEquals(LinkSpec.LAN, LinkSpec.parse("0.8:3000"));
    assertEquals(LinkSpec.WAN, LinkSpec.parse("wan"));
    assertEquals("0.8:3000", LinkSpec.LAN.toString());
    assertEquals(20_000_000L, LinkSpec.WAN.oneWayNanos());
    assertEquals(80, LinkSpec.WAN.nanosPerByte(), 1e-9);
    // 2 s on loopback + 1000 rounds x 20 ms + 12.5 MB at 100 Mbit/s (1 s)
    assertEquals(2 + 20 + 1, LinkSpec.WAN.projectSeconds(2000, 1000, 12_500_000), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> LinkSpec.parse("40"));
    assertThrows(IllegalArgumentException.class, () -> LinkSpec.parse("40:0"));
    assertThrows(IllegalArgumentException.class, () -> LinkSpec.parse("-1:100"));
    assertThrows(IllegalArgumentException.class, () -> LinkSpec.parse("x:100"));
  }

  private static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }
}
