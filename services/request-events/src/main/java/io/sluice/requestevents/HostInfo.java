package io.sluice.requestevents;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * What {@code GET /} reports about the machine, computed once at startup.
 *
 * @param hostname the kernel's host name (as Python's {@code socket.gethostname()})
 * @param os the operating system's name, e.g. {@code Linux}
 * @param podIp {@code POD_IP}, else {@code HOST_IP}, else the host name's address unless it is loopback, else the
 *     first non-loopback IPv4 address of an interface that is up, else null
 */
record HostInfo(String hostname, String os, String podIp) {

    static HostInfo detect(String podIpSetting, String hostIpSetting) {
        String hostname = kernelHostname();
        String os = System.getProperty("os.name", "unknown");
        return new HostInfo(hostname, os, podIp(podIpSetting, hostIpSetting, hostname));
    }

    private static String kernelHostname() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String h = Files.readString(kernel).trim();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String podIp(String podIp, String hostIp, String hostname) {
        if (podIp != null && !podIp.isBlank()) {
            return podIp.trim();
        }
        if (hostIp != null && !hostIp.isBlank()) {
            return hostIp.trim();
        }
        try {
            InetAddress byName = InetAddress.getByName(hostname);
            if (!byName.isLoopbackAddress()) {
                return byName.getHostAddress();
            }
        } catch (IOException e) {
            // fall through
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to look at
        }
        return null;
    }
}
