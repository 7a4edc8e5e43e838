package io.magicshield.it.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One direction of the {@link ImpairmentRelay}: decides each datagram's fate as it arrives (lost, or due after its
 * delay and jitter) and sends the survivors when they are due, in the order of their due times. A datagram's fate is
 * drawn before the queue is looked at, so the random stream, and with it every later fate, does not depend on how
 * full the queue was.
 */
final class ImpairedLane {

    private record Held(long dueNanos, long sequence, byte[] data, DatagramSocket via, SocketAddress to)
            implements Comparable<Held> {

        @Override
        public int compareTo(Held other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final ImpairmentRelay.Impairment impairment;
    private final Random random;
    private final int queueLimit;
    private final PriorityQueue<Held> queue = new PriorityQueue<>();
    private long sequence;
    private long forwarded;
    private long lost;
    private long overflowed;
    private long failed;
    private boolean closed;

    ImpairedLane(ImpairmentRelay.Impairment impairment, long seed, int queueLimit) {
        this.impairment = impairment;
        this.random = new Random(seed);
        this.queueLimit = queueLimit;
    }

    /** Takes a datagram to send from socket {@code via} to {@code to} when due (or drops it). */
    synchronized void offer(byte[] data, DatagramSocket via, SocketAddress to) {
        boolean drop = random.nextDouble() < impairment.loss();
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(impairment.delayMs())
                + (long) (random.nextDouble() * TimeUnit.MILLISECONDS.toNanos(impairment.jitterMs()));
        if (drop) {
            lost++;
        } else if (queue.size() >= queueLimit) {
            overflowed++;
        } else {
            queue.add(new Held(System.nanoTime() + delayNanos, sequence++, data, via, to));
            notifyAll();
        }
    }

    /** Sends each held datagram when it is due, until {@link #close()}. */
    void sendUntilClosed() {
        Held next;
        while ((next = nextDue()) != null) {
            try {
                next.via().send(new DatagramPacket(next.data(), next.data().length, next.to()));
                synchronized (this) {
                    forwarded++;
                }
            } catch (IOException e) {
                // no route to the address, or ICMP refused an earlier send: the network's doing, counted apart
                synchronized (this) {
                    failed++;
                }
            }
        }
    }

    /** The next datagram once it is due, or null once closed. */
    private synchronized Held nextDue() {
        while (!closed) {
            Held head = queue.peek();
            long wait = head == null ? Long.MAX_VALUE : head.dueNanos() - System.nanoTime();
            if (wait <= 0) {
                return queue.poll();
            }
            try {
                if (head == null) {
                    wait();
                } else {
                    TimeUnit.NANOSECONDS.timedWait(this, wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    synchronized ImpairmentRelay.Counters counters() {
        return new ImpairmentRelay.Counters(forwarded, lost, overflowed, failed);
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
