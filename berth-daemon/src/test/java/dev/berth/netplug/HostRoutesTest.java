package dev.berth.netplug;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostRoutesTest {
  @Test
  void parsesProcNetRouteSkippingTheDefaultRoute() {
    var table = """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
        eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
        docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
        """;
    assertThat(HostRoutes.parse(table)).containsExactly(
        new HostRoute("eth0", Cidr.parse("192.0.2.0/24")),
        new HostRoute("docker0", Cidr.parse("172.17.0.0/16")));
  }

  @Test
  void parsesProcNetIpv6RouteSkippingTheDefaultRoute() {
    var table = """
        fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0
        00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0
        fd1b0000000000010000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 br-0123
        """;
    assertThat(HostRoutes.parseIpv6(table)).containsExactly(
        new HostRoute6("eth0", Cidr6.parse("fd00::/64")),
        new HostRoute6("br-0123", Cidr6.parse("fd1b:0:0:1::/64")));
  }
}
