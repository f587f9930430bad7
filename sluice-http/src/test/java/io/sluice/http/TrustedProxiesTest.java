package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = new TrustedProxies(
            "events.trusted_proxies", List.of("127.0.0.1", "10.0.0.0/8", "192.168.1.0/25", "fd00::/8"));

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1 | '' | 127.0.0.1",
                "203.0.113.5 | 198.51.100.1 | 203.0.113.5", // untrusted peer: the header is ignored
                "127.0.0.1 | 198.51.100.1 | 198.51.100.1",
                "127.0.0.1 | 198.51.100.1, 10.2.3.4 | 198.51.100.1",
                "127.0.0.1 | 6.6.6.6, 198.51.100.1, 10.2.3.4 | 198.51.100.1", // spoofed left-most entry
                "127.0.0.1 | 10.0.0.1, 10.0.0.2 | 10.0.0.1", // all trusted: the left-most
                "127.0.0.1 | junk, 10.0.0.2 | 10.0.0.2", // not an address: last trusted hop
                "127.0.0.1 | 192.168.1.200 | 192.168.1.200", // outside /25
                "127.0.0.1 | 203.0.113.7, 192.168.1.100 | 203.0.113.7", // inside /25
                "127.0.0.1 | '2001:db8::1, fd00::5' | 2001:db8::1",
                "127.0.0.1 | '[2001:db8::2]:443' | 2001:db8::2",
                "127.0.0.1 | 198.51.100.9:5555 | 198.51.100.9",
                "0:0:0:0:0:0:0:1 | 198.51.100.1 | 0:0:0:0:0:0:0:1", // ::1 is not in the list
                "::ffff:127.0.0.1 | 198.51.100.1 | 198.51.100.1", // IPv4-mapped peer
            })
    void the_client_is_the_right_most_address_not_written_by_a_trusted_proxy(String peer, String xff, String client) {
        List<String> headers = xff.isEmpty() ? List.of() : List.of(xff);

        assertThat(PROXIES.resolve(peer, headers).userIp()).isEqualTo(client);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"localhost", "example.com", "1.2.3", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "", "::g"})
    void anything_but_an_ip_literal_is_not_parsed_and_never_looked_up(String s) {
        assertThat(TrustedProxies.parseIp(s)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "corp-proxy", "10.0.0.0/8/8"})
    void a_bad_trusted_proxy_entry_fails_naming_it(String spec) {
        assertThatThrownBy(() -> new TrustedProxies("events.trusted_proxies", List.of(spec)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events.trusted_proxies")
                .hasMessageContaining("'" + spec + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0.0.0.0/0", "::/0"})
    void a_zero_length_prefix_trusts_every_address_of_its_family(String spec) {
        TrustedProxies all = new TrustedProxies("events.trusted_proxies", List.of(spec));
        String peer = spec.contains(":") ? "2001:db8::9" : "203.0.113.1";

        assertThat(all.resolve(peer, List.of("198.51.100.1")).userIp()).isEqualTo("198.51.100.1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a, b ,,c", " a , b, c "})
    void the_proxy_chain_is_every_trimmed_non_empty_entry(String header) {
        assertThat(PROXIES.resolve("127.0.0.1", List.of(header)).proxyChain()).containsExactly("a", "b", "c");
    }
}
