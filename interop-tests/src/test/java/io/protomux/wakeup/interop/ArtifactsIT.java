package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a Java user adopts, checked on the jars this build just made: for every library artifact
 * the BOM lists, the main, sources and Javadoc jars exist, the main jar names its module, and
 * every package in it is documented (a package-info in the sources, a package page in the
 * Javadoc).
 *
 * <p>The BOM is the list, so a library module added to it is checked without touching this test.
 * The module's directory is found from the reactor's own poms. Runs in interop-tests because that
 * module builds after all the libraries (its pom depends on each of them for that reason).
 */
class ArtifactsIT {
  private static final String GROUP_ID = "io.protomux.wakeup";

  private final Path root = Path.of(requiredProperty("project.root")).toAbsolutePath().normalize();
  private final String version = requiredProperty("wakeup.version");

  @TestFactory
  Stream<DynamicTest> everyLibraryArtifactIsComplete() throws Exception {
    List<String> artifactIds = bomArtifactIds();
    assertThat(artifactIds).as("library artifacts listed in bom/pom.xml").isNotEmpty();
    Map<String, Path> modules = modules(root);
    return artifactIds.stream()
        .map(artifactId -> DynamicTest.dynamicTest(artifactId, () -> check(artifactId, modules)));
  }

  private void check(String artifactId, Map<String, Path> modules) throws IOException {
    Path module = modules.get(artifactId);
    if (module == null) {
      fail(artifactId + ": listed in bom/pom.xml but no module of the reactor builds it");
    }
    Path target = module.resolve("target");
    Path jar = target.resolve(artifactId + "-" + version + ".jar");
    Path sources = target.resolve(artifactId + "-" + version + "-sources.jar");
    Path javadoc = target.resolve(artifactId + "-" + version + "-javadoc.jar");
    List<String> problems = new ArrayList<>();
    for (Path file : List.of(jar, sources, javadoc)) {
      if (!Files.isRegularFile(file)) {
        problems.add("no " + root.relativize(file));
      }
    }
    if (problems.isEmpty()) {
      String expectedName = expectedModuleName(artifactId);
      try (JarFile main = new JarFile(jar.toFile());
          JarFile src = new JarFile(sources.toFile());
          JarFile doc = new JarFile(javadoc.toFile())) {
        String name =
            main.getManifest() == null
                ? null
                : main.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        if (!expectedName.equals(name)) {
          problems.add(
              "Automatic-Module-Name in " + jar.getFileName() + " is " + name + ", expected "
                  + expectedName);
        }
        TreeSet<String> packages = packagesWithClasses(main);
        if (packages.isEmpty()) {
          problems.add(jar.getFileName() + " holds no classes");
        }
        for (String dir : packages) {
          String pkg = dir.replace('/', '.');
          if (src.getEntry(dir + "/package-info.java") == null) {
            problems.add(
                "package " + pkg + " has no package-info.java in " + sources.getFileName());
          }
          if (doc.getEntry(dir + "/package-summary.html") == null) {
            problems.add(
                "package " + pkg + " has no package-summary.html in " + javadoc.getFileName());
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(artifactId + ": " + String.join("; ", problems));
    }
  }

  /** io.protomux.wakeup. + the artifactId without "wakeup-", dashes as dots. */
  private static String expectedModuleName(String artifactId) {
    return GROUP_ID + "." + artifactId.replaceFirst("^wakeup-", "").replace('-', '.');
  }

  /** The directories (as jar paths) that hold at least one class, outside META-INF. */
  private static TreeSet<String> packagesWithClasses(JarFile jar) {
    TreeSet<String> packages = new TreeSet<>();
    jar.stream()
        .map(entry -> entry.getName())
        .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
        .filter(name -> name.lastIndexOf('/') > 0)
        .forEach(name -> packages.add(name.substring(0, name.lastIndexOf('/'))));
    return packages;
  }

  private List<String> bomArtifactIds() throws Exception {
    Element project = parse(root.resolve("bom/pom.xml"));
    Element management = child(project, "dependencyManagement");
    Element dependencies = management == null ? null : child(management, "dependencies");
    List<String> artifactIds = new ArrayList<>();
    if (dependencies != null) {
      for (Element dependency : children(dependencies, "dependency")) {
        if (GROUP_ID.equals(text(dependency, "groupId"))) {
          artifactIds.add(text(dependency, "artifactId"));
        }
      }
    }
    return artifactIds;
  }

  /** artifactId to module directory, for the module at dir and every module under it. */
  private static Map<String, Path> modules(Path dir) throws Exception {
    Map<String, Path> modules = new LinkedHashMap<>();
    Element project = parse(dir.resolve("pom.xml"));
    modules.put(text(project, "artifactId"), dir);
    Element list = child(project, "modules");
    if (list != null) {
      for (Element module : children(list, "module")) {
        modules.putAll(modules(dir.resolve(module.getTextContent().trim()).normalize()));
      }
    }
    return modules;
  }

  private static Element parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    return document.getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Direct children only: a dependency's artifactId is not the project's. */
  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && name.equals(((Element) node).getLocalName())) {
        found.add((Element) node);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run this test with Maven (failsafe)");
    }
    return value;
  }
}
