package io.magicshield.it.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code UdpProbe --target HOST:PORT --count N --interval-us U --size S --drain-ms D}: sends N numbered datagrams of
 * S bytes, one every U microseconds (on a fixed schedule), to an echo, then waits D ms for the last answers. Prints
 * {@code sent=N returned=M reordered=R}: R counts answers that came after one with a higher number, which a path that
 * keeps the order never produces. Bounded by N and D; the echo must answer from the address it was sent to.
 */
public final class UdpProbe {

    private UdpProbe() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 10) {
            throw new IllegalArgumentException(
                    "usage: UdpProbe --target HOST:PORT --count N --interval-us U --size S --drain-ms D");
        }
        String target = args[1];
        int count = Integer.parseInt(args[3]);
        long intervalNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[5]));
        int size = Math.max(Long.BYTES, Integer.parseInt(args[7]));
        long drainNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[9]));
        int colon = target.lastIndexOf(':');
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(
                    new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1))));
            socket.setSoTimeout(50);
            long[] answers = new long[2]; // returned, reordered
            long end = System.nanoTime() + count * intervalNanos + drainNanos;
            Thread receiver = new Thread(() -> receive(socket, end, answers), "probe-receiver");
            receiver.start();
            byte[] datagram = new byte[size];
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                LockSupport.parkNanos(start + i * intervalNanos - System.nanoTime());
                ByteBuffer.wrap(datagram).putLong(i);
                socket.send(new DatagramPacket(datagram, size));
            }
            receiver.join();
            System.out.printf("sent=%d returned=%d reordered=%d%n", count, answers[0], answers[1]);
        }
    }

    private static void receive(DatagramSocket socket, long endNanos, long[] answers) {
        DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
        long highest = -1;
        while (System.nanoTime() < endNanos) {
            packet.setLength(65535);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                // e.g. ICMP unreachable from an echo not yet listening: the datagram is simply not answered
                continue;
            }
            long number = ByteBuffer.wrap(packet.getData(), 0, Long.BYTES).getLong();
            answers[0]++;
            if (number < highest) {
                answers[1]++;
            }
            highest = Math.max(highest, number);
        }
    }
}
