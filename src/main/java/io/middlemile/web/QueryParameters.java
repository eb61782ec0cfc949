package io.middlemile.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * An API request with a query parameter its endpoint does not take is refused (400, naming the parameter and those the
 * endpoint takes) instead of answered as if it had not been given: {@code /api/enrich/contacts/report?since=P7D} (the
 * report takes {@code days}) answered for the default thirty days, and a misspelt {@code ?stauts=failed} listed every
 * run, failed or not. Only the API's own endpoints: a provider's webhook is not under {@code /api}, and the OpenAPI
 * description is Spring's.
 */
final class QueryParameters implements HandlerInterceptor {

    /** Each endpoint method's query parameter names, found once from its {@link RequestParam}s. */
    private final Map<Method, Set<String>> taken = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        String query = request.getQueryString();
        if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod endpoint)
                || !endpoint.getBeanType().getPackageName().startsWith("io.middlemile")) {
            return true;
        }
        Set<String> names = taken.computeIfAbsent(endpoint.getMethod(), method -> names(endpoint));
        Set<String> unknown = new LinkedHashSet<>();
        for (String pair : query.split("&")) {
            String name = name(pair.substring(0, pair.indexOf('=') < 0 ? pair.length() : pair.indexOf('=')));
            if (!name.isEmpty() && !names.contains(name)) {
                unknown.add(name);
            }
        }
        if (unknown.isEmpty()) {
            return true;
        }
        String endpointName = request.getMethod() + " " + request.getRequestURI();
        String given = unknown.stream().map(name -> "'" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'")
                .collect(Collectors.joining(", "));
        ErrorAnswer.write(response, HttpServletResponse.SC_BAD_REQUEST, endpointName + " does not take the query parameter"
                + (unknown.size() == 1 ? " " : "s ") + given + "; " + (names.isEmpty() ? "it takes none"
                : "it takes " + String.join(", ", names)) + " (the API's paths and parameters: GET /api/openapi).");
        return false;
    }

    private static Set<String> names(HandlerMethod endpoint) {
        List<String> names = new ArrayList<>();
        for (MethodParameter parameter : endpoint.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                // the build keeps parameter names (-parameters), which Spring binds by when the annotation names none
                names.add(!param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value()
                        : parameter.getParameter().getName());
            }
        }
        return new LinkedHashSet<>(names);
    }

    /** A query parameter's name as the client meant it ({@code %73ince} is {@code since}); as sent when it is not valid escaping. */
    private static String name(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
