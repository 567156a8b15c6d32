package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.wakeup.Capability;
import java.util.concurrent.TimeUnit;

/**
 * A program that starts two nodes, connects them and returns from {@code main} without closing
 * either: the JVM must still exit, since the nodes' threads are daemons. It also says whether a
 * DI framework is on its class path (it must not be).
 */
public final class ForgetfulMain {
  private ForgetfulMain() {}

  public static void main(String[] args) throws Exception {
    Capability capability = Capability.fromHex("5a".repeat(32));
    WakeupNode server = WakeupNode.builder().loops(2).build();
    WakeupNode client = WakeupNode.builder().build();
    server.session(capability, NodeHandlers.NONE);
    client.session(capability, NodeHandlers.NONE);
    int port = server.listen("127.0.0.1", 0).getPort();
    client.dial("127.0.0.1", port).get(10, TimeUnit.SECONDS);
    System.out.println("connected");
    System.out.println("guice on the class path: " + present("com.google.inject.Guice"));
    System.out.println("guava on the class path: " + present("com.google.common.collect.ImmutableList"));
    System.out.println(
        "in-memory adapter on the class path: "
            + present("io.protomux.wakeup.adapters.inmemory.InMemoryNetwork"));
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ForgetfulMain.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
