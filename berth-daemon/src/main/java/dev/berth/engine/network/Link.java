package dev.berth.engine.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One legacy container link ({@code --link name:alias}). On the default bridge it gives the
 * container an /etc/hosts line and environment variables for the linked container, as moby's
 * {@code daemon/links} does; on user-defined networks the alias is a name only this container's
 * embedded DNS answers. Pure.
 *
 * @param name the linked container's name (no leading slash)
 * @param alias the name it is known by here
 */
record Link(String name, String alias) {

  /** Reads {@code HostConfig.Links}: {@code "web"}, {@code "web:w"} or the stored {@code "/web:/me/w"} form. */
  static List<Link> parse(List<String> links) {
    var out = new ArrayList<Link>();
    if (links == null) {
      return out;
    }
    for (var text : links) {
      if (text == null || text.isBlank()) {
        continue;
      }
      int colon = text.indexOf(':');
      var name = strip(colon < 0 ? text : text.substring(0, colon));
      var alias = colon < 0 ? name : text.substring(colon + 1);
      alias = alias.substring(alias.lastIndexOf('/') + 1);
      out.add(new Link(name, alias.isEmpty() ? name : alias));
    }
    return out;
  }

  private static String strip(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }

  /** The hosts line: the alias, the linked container's hostname, and its name when the alias differs. */
  String hostsLine(String ip, String childHostname) {
    var names = alias + (childHostname == null || childHostname.isEmpty() ? "" : " " + childHostname);
    if (!alias.equals(name)) {
      names += " " + name;
    }
    return ip + "\t" + names;
  }

  /**
   * {@code ALIAS_PORT}, {@code ALIAS_PORT_80_TCP[_ADDR|_PORT|_PROTO]}, {@code ALIAS_NAME} and
   * {@code ALIAS_ENV_*} (the linked container's environment but HOME and PATH), ports in
   * ascending order, the lowest one as {@code ALIAS_PORT}.
   */
  List<String> env(String parentName, String ip, Map<String, Object> exposedPorts, List<String> childEnv) {
    var prefix = alias.toUpperCase(Locale.ROOT).replace('-', '_');
    var ports = new ArrayList<String[]>();
    if (exposedPorts != null) {
      for (var key : exposedPorts.keySet()) {
        int slash = key.indexOf('/');
        ports.add(new String[] {slash < 0 ? key : key.substring(0, slash), slash < 0 ? "tcp" : key.substring(slash + 1)});
      }
    }
    ports.sort(Comparator.<String[]>comparingInt(p -> portNumber(p[0])).thenComparing(p -> p[1]));
    var env = new ArrayList<String>();
    if (!ports.isEmpty()) {
      env.add(prefix + "_PORT=" + ports.getFirst()[1] + "://" + ip + ":" + ports.getFirst()[0]);
    }
    for (var p : ports) {
      var key = prefix + "_PORT_" + p[0] + "_" + p[1].toUpperCase(Locale.ROOT);
      env.add(key + "=" + p[1] + "://" + ip + ":" + p[0]);
      env.add(key + "_ADDR=" + ip);
      env.add(key + "_PORT=" + p[0]);
      env.add(key + "_PROTO=" + p[1]);
    }
    env.add(prefix + "_NAME=/" + strip(parentName) + "/" + alias);
    if (childEnv != null) {
      for (var v : childEnv) {
        int eq = v.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        var key = v.substring(0, eq);
        if (!key.equals("HOME") && !key.equals("PATH")) {
          env.add(prefix + "_ENV_" + key + "=" + v.substring(eq + 1));
        }
      }
    }
    return env;
  }

  private static int portNumber(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
