package io.magicshield.rtc;

/** The UDP ports WebRTC may bind for media, {@code min-max} inclusive; {@link #ANY} lets the system choose. */
public record PortRange(int min, int max) {

    public static final PortRange ANY = new PortRange(0, 0);

    public PortRange {
        boolean any = min == 0 && max == 0;
        if (!any && (min < 1024 || max > 65535 || min > max)) {
            throw new IllegalArgumentException("port range must be MIN-MAX within 1024-65535, got " + min + "-" + max);
        }
    }

    /** @param text {@code 50000-50100}, or one port {@code 50000} */
    public static PortRange parse(String text) {
        String[] parts = text.trim().split("\\s*-\\s*", -1);
        try {
            if (parts.length == 1) {
                int port = Integer.parseInt(parts[0]);
                return new PortRange(port, port);
            }
            if (parts.length == 2) {
                return new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("port range must look like 50000-50100, got '" + text + "'");
    }

    public boolean isAny() {
        return min == 0 && max == 0;
    }
}
