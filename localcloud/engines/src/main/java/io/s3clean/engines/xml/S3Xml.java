package io.s3clean.engines.xml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the XML documents S3's bucket configurations arrive in (lifecycle, notification): by local
 * name, whatever namespace prefix a client chose, and never with a DTD.
 */
public final class S3Xml {
  private S3Xml() {}

  /**
   * @throws IllegalArgumentException when {@code xml} is not a well-formed document
   */
  public static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // the parser's own handler prints "[Fatal Error]" on stderr before it throws: the caller's
      // answer is the whole report
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalArgumentException("not a well-formed XML document", e);
    }
  }

  /** The trimmed text of {@code parent}'s first child element named {@code name}. */
  public static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().trim());
  }

  public static Optional<Element> child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** {@code parent}'s child elements named {@code name}, in order. */
  public static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && name.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  /** Text escaped for an element's content. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
