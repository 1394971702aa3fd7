package dev.berth.it;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link BerthDaemon}, {@link Docker} and {@link RawHttp} to one daemon per test class
 * (kept in the class's store, closed when the class ends) and {@link Daemons} to a per-method
 * factory of fresh daemons.
 */
final class DaemonExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DaemonExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    Class<?> t = p.getParameter().getType();
    return t == BerthDaemon.class || t == Docker.class || t == RawHttp.class || t == Daemons.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    Class<?> t = p.getParameter().getType();
    if (t == Daemons.class) {
      return c.getStore(NS).computeIfAbsent(Daemons.class,
          k -> new Daemons(c.getRequiredTestClass().getSimpleName() + "-" + c.getTestMethod().map(m -> m.getName()).orElse("all")),
          Daemons.class);
    }
    BerthDaemon shared = shared(c);
    if (t == Docker.class) {
      return shared.docker();
    }
    if (t == RawHttp.class) {
      return shared.http();
    }
    return shared;
  }

  private static BerthDaemon shared(ExtensionContext c) {
    ExtensionContext classContext = c;
    while (classContext.getTestMethod().isPresent()) {
      classContext = classContext.getParent().orElseThrow();
    }
    String name = classContext.getRequiredTestClass().getSimpleName();
    return classContext.getStore(NS).computeIfAbsent(BerthDaemon.class,
        k -> new BerthDaemon(name, List.of()).start(), BerthDaemon.class);
  }
}
