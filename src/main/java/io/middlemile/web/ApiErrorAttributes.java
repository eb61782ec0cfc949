package io.middlemile.web;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

import java.util.Map;

/**
 * The error an API caller gets for an address no controller has (a typo in the path) or a method it does not take:
 * Spring Boot's answer said only "Not Found" or "Method Not Allowed"; this one says which path and method, what the path
 * answers instead, and where the API's paths are listed. The console's error page (templates/error.html) reads the same
 * attributes and keeps its own words.
 */
@Component
class ApiErrorAttributes extends DefaultErrorAttributes {

    /** springdoc's description of the API, behind the same tokens (EngineLauncher sets the path). */
    private static final String OPENAPI = "/api/openapi";

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
        Object path = attributes.get("path");
        if (!(path instanceof String address) || !address.startsWith("/api/") || !(webRequest instanceof ServletWebRequest servlet)) {
            return attributes;
        }
        String method = servlet.getRequest().getMethod();
        Object status = attributes.get("status");
        if (Integer.valueOf(404).equals(status)) {
            attributes.put("error", "There is nothing at " + method + " " + address + "; the API's paths and methods are listed at"
                    + " GET " + OPENAPI + ".");
        } else if (Integer.valueOf(405).equals(status)) {
            String takes = getError(webRequest) instanceof HttpRequestMethodNotSupportedException refused
                    && refused.getSupportedMethods() != null ? String.join(", ", refused.getSupportedMethods()) : null;
            attributes.put("error", address + " does not take " + method + (takes == null ? "" : "; it takes " + takes)
                    + " (the API's paths and methods: GET " + OPENAPI + ").");
        }
        return attributes;
    }
}
