package io.flowgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {
    final OutboundPolicy strict = new OutboundPolicy(List.of());

    @Test
    void loopback_private_link_local_and_metadata_addresses_are_refused_by_default() {
        for (String url : List.of("http://127.0.0.1/x", "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://0.0.0.0/", "http://100.64.0.1/",
                "http://[fd00::1]/")) {
            assertThatThrownBy(() -> strict.check(URI.create(url))).as(url)
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("--allow-outbound");
        }
    }

    @Test
    void an_allow_list_opens_exactly_its_ranges() {
        OutboundPolicy loopback = new OutboundPolicy(List.of("127.0.0.0/8"));
        assertThatNoException().isThrownBy(() -> loopback.check(URI.create("http://127.0.0.1:8080/hook")));
        assertThatThrownBy(() -> loopback.check(URI.create("http://10.0.0.1/"))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void only_http_and_https_may_be_called() {
        assertThatThrownBy(() -> strict.check(URI.create("file:///etc/passwd"))).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> strict.check(URI.create("ftp://example.org/"))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void cidr_matching_honours_the_prefix_length() throws Exception {
        OutboundPolicy.Cidr net = OutboundPolicy.Cidr.parse("10.20.0.0/14");
        assertThat(net.contains(InetAddress.getByName("10.23.255.255"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("10.24.0.0"))).isFalse();
        assertThat(OutboundPolicy.Cidr.parse("::1").contains(InetAddress.getByName("::1"))).isTrue();
        assertThatThrownBy(() -> OutboundPolicy.Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
