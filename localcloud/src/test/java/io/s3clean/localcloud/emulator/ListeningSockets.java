package io.s3clean.localcloud.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets this JVM listens on, read from Linux's /proc: what the kernel says, not what a
 * server believes it asked for.
 */
final class ListeningSockets {

  private static final String TCP_LISTEN = "0A";

  private ListeningSockets() {}

  static List<InetSocketAddress> ofThisProcess() {
    Set<String> inodes = socketInodesOfThisProcess();
    List<InetSocketAddress> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : lines(Path.of(table)).stream().skip(1).toList()) {
        String[] fields = line.trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
        if (fields[3].equals(TCP_LISTEN) && inodes.contains(fields[9])) {
          listening.add(decode(fields[1]));
        }
      }
    }
    return listening;
  }

  private static Set<String> socketInodesOfThisProcess() {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed between listing and reading: not a listener of ours.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }

  /**
   * {@code 0100007F:1F90} is 127.0.0.1:8080: the address as 32-bit words in host (little-endian)
   * order.
   */
  private static InetSocketAddress decode(String hexAddressAndPort) {
    String[] parts = hexAddressAndPort.split(":");
    byte[] words = HexFormat.of().parseHex(parts[0]);
    byte[] address = new byte[words.length];
    for (int word = 0; word < words.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        address[word + i] = words[word + 3 - i];
      }
    }
    try {
      // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) comes back as the IPv4 address.
      return new InetSocketAddress(
          InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> lines(Path path) {
    try {
      return Files.readAllLines(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
