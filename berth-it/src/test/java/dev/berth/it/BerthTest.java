package dev.berth.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test class against a real berthd. Test methods and {@code @BeforeAll} methods may
 * take a {@link BerthDaemon}, {@link Docker} or {@link RawHttp} (one daemon shared by the class,
 * started on first use, stopped after the class) and a {@link Daemons} (fresh daemons, stopped
 * after the method).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DaemonExtension.class)
public @interface BerthTest {}
