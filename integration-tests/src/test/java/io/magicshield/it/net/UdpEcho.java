package io.magicshield.it.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code UdpEcho --listen HOST:PORT}: sends every datagram back to its sender, and counts what arrived, so a test
 * knows what got through to this host. Prints {@code ready} once bound; when its stdin closes it prints
 * {@code received datagrams=N bytes=B span-ms=T} (T: from the first datagram to the last) and ends.
 */
public final class UdpEcho {

    private UdpEcho() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2 || !args[0].equals("--listen")) {
            throw new IllegalArgumentException("usage: UdpEcho --listen HOST:PORT");
        }
        int colon = args[1].lastIndexOf(':');
        DatagramSocket socket = new DatagramSocket(
                new InetSocketAddress(args[1].substring(0, colon), Integer.parseInt(args[1].substring(colon + 1))));
        long[] counts = new long[4]; // datagrams, bytes, first and last arrival (nanos)
        Thread echo = new Thread(
                () -> {
                    DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
                    try {
                        while (true) {
                            packet.setLength(65535);
                            socket.receive(packet);
                            long now = System.nanoTime();
                            synchronized (counts) {
                                counts[2] = counts[0] == 0 ? now : counts[2];
                                counts[3] = now;
                                counts[0]++;
                                counts[1] += packet.getLength();
                            }
                            socket.send(packet);
                        }
                    } catch (IOException e) {
                        // closed: the run is over
                    }
                },
                "echo");
        echo.setDaemon(true);
        echo.start();
        System.out.println("ready " + socket.getLocalSocketAddress());
        while (System.in.read() >= 0) {
            // its end is the signal to stop
        }
        socket.close();
        echo.join(TimeUnit.SECONDS.toMillis(2));
        synchronized (counts) {
            System.out.printf(
                    "received datagrams=%d bytes=%d span-ms=%d%n",
                    counts[0], counts[1], TimeUnit.NANOSECONDS.toMillis(counts[3] - counts[2]));
        }
    }
}
