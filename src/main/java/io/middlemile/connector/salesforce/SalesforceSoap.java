package io.middlemile.connector.salesforce;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The few SOAP API envelopes the connector needs (the REST API has no merge), built and read with
 * the JDK only. Partner WSDL namespaces: calls in {@code urn:partner.soap.sforce.com}, sObject
 * fields in {@code urn:sobject.partner.soap.sforce.com}; the OAuth access token is the SessionHeader
 * sessionId.
 */
final class SalesforceSoap {

    static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String PARTNER_NS = "urn:partner.soap.sforce.com";
    static final String SOBJECT_NS = "urn:sobject.partner.soap.sforce.com";

    /** A SOAP fault: exceptionCode without its {@code sf:} prefix, and the message. */
    record Fault(String code, String message) {
        @Override
        public String toString() {
            return code + ": " + message;
        }
    }

    private SalesforceSoap() {
    }

    /** One MergeRequest: the master by Id (no field overrides: the master's values win) and the records to merge into it. */
    static String mergeEnvelope(String sessionId, String object, String masterId, List<String> recordToMergeIds) {
        StringBuilder xml = new StringBuilder(512);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<soapenv:Envelope xmlns:soapenv=\"").append(ENVELOPE_NS).append("\" xmlns:urn=\"").append(PARTNER_NS)
                .append("\" xmlns:urn1=\"").append(SOBJECT_NS).append("\">")
                .append("<soapenv:Header><urn:SessionHeader><urn:sessionId>").append(escape(sessionId))
                .append("</urn:sessionId></urn:SessionHeader></soapenv:Header>")
                .append("<soapenv:Body><urn:merge><urn:request>")
                .append("<urn:masterRecord><urn1:type>").append(escape(object)).append("</urn1:type><urn1:Id>").append(escape(masterId))
                .append("</urn1:Id></urn:masterRecord>");
        for (String id : recordToMergeIds) {
            xml.append("<urn:recordToMergeIds>").append(escape(id)).append("</urn:recordToMergeIds>");
        }
        return xml.append("</urn:request></urn:merge></soapenv:Body></soapenv:Envelope>").toString();
    }

    /** The MergeResult elements of a mergeResponse, in request order. */
    static List<SalesforceMergeResult> mergeResults(Document document) {
        List<SalesforceMergeResult> results = new ArrayList<>();
        NodeList nodes = document.getElementsByTagNameNS("*", "result");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element result = (Element) nodes.item(i);
            List<SalesforceError> errors = new ArrayList<>();
            for (Element error : children(result, "errors")) {
                List<String> fields = children(error, "fields").stream().map(Node::getTextContent).toList();
                errors.add(new SalesforceError(text(error, "statusCode"), text(error, "message"), fields));
            }
            List<String> merged = children(result, "mergedRecordIds").stream().map(Node::getTextContent).map(String::trim).toList();
            results.add(new SalesforceMergeResult(text(result, "id"), "true".equals(text(result, "success")), errors, merged));
        }
        return results;
    }

    /** The fault of an answer, or null when it holds none. exceptionCode wins over faultcode (which carries a prefix). */
    static Fault fault(Document document) {
        NodeList faults = document.getElementsByTagNameNS(ENVELOPE_NS, "Fault");
        if (faults.getLength() == 0) {
            return null;
        }
        Element fault = (Element) faults.item(0);
        String code = deep(fault, "exceptionCode");
        if (code == null) {
            code = text(fault, "faultcode");
            code = code == null ? "UNKNOWN_EXCEPTION" : code.substring(code.indexOf(':') + 1);
        }
        String message = deep(fault, "exceptionMessage");
        return new Fault(code, message != null ? message : text(fault, "faultstring"));
    }

    /** Parses an answer; null when it is not XML (a proxy's HTML page, an empty body). */
    static Document parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // Answers come from the network: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    private static String deep(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
