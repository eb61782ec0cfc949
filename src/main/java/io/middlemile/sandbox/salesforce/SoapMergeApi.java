package io.middlemile.sandbox.salesforce;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * SOAP API {@code merge()} on the partner endpoint, the only SOAP call the emulator answers
 * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_merge.htm;
 * MergeResult: https://developer.salesforce.com/docs/platform/api/guide/sforce-api-calls-merge-mergeresult.html).
 * Whole-call failures are SOAP faults with HTTP 500 (an exceptionCode such as INVALID_SESSION_ID,
 * INVALID_TYPE_FOR_OPERATION); per-request failures are MergeResults with success=false, as each
 * MergeRequest is its own transaction.
 */
final class SoapMergeApi {

    /** A master plus at most two records, "the same limit as the Salesforce user interface". */
    static final int MAX_RECORDS_TO_MERGE = 2;
    private static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    /** An answer: HTTP status and SOAP envelope text. */
    record SoapAnswer(int status, String xml) {
    }

    private final OrgStore store;

    SoapMergeApi(OrgStore store) {
        this.store = store;
    }

    /** The sessionId of the SessionHeader, or null (the caller checks it like a REST bearer token). */
    static String sessionId(Document request) {
        return request == null ? null : first(request.getDocumentElement(), "sessionId");
    }

    static Document parse(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
        } catch (Exception e) {
            return null;
        }
    }

    /** Answers one SOAP call whose session was already accepted. */
    SoapAnswer handle(Document request) {
        Element body = request == null ? null : firstElement(request.getDocumentElement(), ENVELOPE_NS, "Body");
        Element call = body == null ? null : firstChild(body, e -> true);
        if (call == null) {
            return fault("INVALID_REQUEST", "Unable to parse the SOAP request: no Envelope/Body element");
        }
        if (!"merge".equals(call.getLocalName())) {
            return fault("UNKNOWN_EXCEPTION", "The Salesforce emulator answers only the merge() SOAP call, not " + call.getLocalName());
        }
        StringBuilder results = new StringBuilder();
        for (Element mergeRequest : children(call, "request")) {
            Element master = firstChild(mergeRequest, e -> "masterRecord".equals(e.getLocalName()));
            String type = master == null ? null : first(master, "type");
            String masterId = master == null ? null : first(master, "Id");
            List<String> toMerge = children(mergeRequest, "recordToMergeIds").stream().map(e -> e.getTextContent().trim()).toList();
            SObjectSchema schema;
            try {
                schema = store.schema(type == null ? "" : type);
            } catch (SfApiError e) {
                return fault("INVALID_TYPE", "sObject type '" + type + "' is not supported.");
            }
            if (!schema.mergeable()) {
                return fault("INVALID_TYPE_FOR_OPERATION", "entity type does not support merge");
            }
            results.append(merge(schema.name(), masterId, toMerge));
        }
        if (results.isEmpty()) {
            return fault("INVALID_REQUEST", "merge() needs at least one MergeRequest element named request");
        }
        return new SoapAnswer(200, envelope("<mergeResponse>" + results + "</mergeResponse>"));
    }

    /** One MergeRequest as a MergeResult element. */
    private String merge(String object, String masterId, List<String> toMerge) {
        if (toMerge.isEmpty() || toMerge.size() > MAX_RECORDS_TO_MERGE) {
            // The documented limit; the exact status code of the real refusal is not documented (see the report).
            return failed(masterId, "LIMIT_EXCEEDED", "A merge request takes one or two records to merge into the master record, got "
                    + toMerge.size() + ". Merge more records with successive requests on the same master.");
        }
        List<String> all = new ArrayList<>(toMerge);
        all.add(0, masterId);
        for (String id : all) {
            Map<String, Object> row = id == null ? null : store.get(object, id);
            if (row == null) {
                return failed(masterId, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id: " + id);
            }
            if (Boolean.TRUE.equals(row.get("IsDeleted"))) {
                return failed(masterId, "ENTITY_IS_DELETED", "entity is deleted: " + id);
            }
            if (store.locked(id)) {
                // a merge edits the master and deletes the others: a record an approval process locked takes neither
                return failed(masterId, "ENTITY_IS_LOCKED", "the entity is locked for editing");
            }
        }
        if (toMerge.contains(masterId)) {
            return failed(masterId, "INVALID_OPERATION", "The master record cannot also be a record to merge: " + masterId);
        }
        store.merge(object, masterId, toMerge);
        StringBuilder result = new StringBuilder("<result><id>").append(escape(masterId)).append("</id>");
        toMerge.forEach(id -> result.append("<mergedRecordIds>").append(escape(id)).append("</mergedRecordIds>"));
        return result.append("<success>true</success></result>").toString();
    }

    private static String failed(String masterId, String statusCode, String message) {
        return "<result><errors><message>" + escape(message) + "</message><statusCode>" + statusCode + "</statusCode></errors>"
                + (masterId == null ? "" : "<id>" + escape(masterId) + "</id>") + "<success>false</success></result>";
    }

    /** A SOAP 1.1 fault as the partner endpoint sends it: HTTP 500, faultcode sf:CODE, UnexpectedErrorFault detail. */
    static SoapAnswer fault(String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + ENVELOPE_NS + "\""
                + " xmlns:sf=\"urn:fault.partner.soap.sforce.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<soapenv:Body><soapenv:Fault><faultcode>sf:" + code + "</faultcode><faultstring>" + code + ": " + escape(message)
                + "</faultstring><detail><sf:UnexpectedErrorFault xsi:type=\"sf:UnexpectedErrorFault\"><sf:exceptionCode>" + code
                + "</sf:exceptionCode><sf:exceptionMessage>" + escape(message) + "</sf:exceptionMessage></sf:UnexpectedErrorFault>"
                + "</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
        return new SoapAnswer(500, xml);
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + ENVELOPE_NS + "\""
                + " xmlns=\"urn:partner.soap.sforce.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }

    static String escape(String value) {
        return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String first(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static Element firstElement(Element parent, String namespace, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS(namespace, localName);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static Element firstChild(Element parent, Predicate<Element> test) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && test.test(element)) {
                return element;
            }
        }
        return null;
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
}
