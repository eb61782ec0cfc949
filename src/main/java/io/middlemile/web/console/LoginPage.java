package io.middlemile.web.console;

import io.middlemile.web.ApiTokens;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** Signing in with a token, and the page for a request the caller's token may not make. */
@Controller
// the tokens exist only where the engine serves HTTP (`middlemile run`)
@ConditionalOnWebApplication
class LoginPage {

    private final ApiTokens tokens;

    LoginPage(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping(ConsoleSecurity.LOGIN)
    String login(Model model, @RequestParam(required = false) String error, @RequestParam(name = "signed-out", required = false) String out) {
        model.addAttribute("off", !tokens.enabled());
        model.addAttribute("failed", error != null);
        model.addAttribute("signedOut", out != null);
        return "console/login";
    }

    /** Spring Security forwards here, keeping the refused request's method, so this page answers any method. */
    @RequestMapping("/console/denied")
    ModelAndView denied(HttpServletRequest request, Authentication caller) {
        Object refusal = request.getAttribute(WebAttributes.ACCESS_DENIED_403);
        String message = refusal instanceof CsrfException
                ? "The form was sent without a valid CSRF token: the page was older than your session, or the form came from"
                + " another site. Nothing was changed. Open the page again and send the form from there."
                : "Your token (" + (caller == null ? "unknown" : caller.getName()) + ") is read-only (MIDDLEMILE_API_READ_ONLY):"
                + " it may look at every page, not " + request.getMethod() + " " + request.getRequestURI() + ". Nothing was"
                + " changed. Sign in with an operator's token to approve, reject, roll back, run jobs or turn the kill switch.";
        return ConsoleModel.problem(HttpStatus.FORBIDDEN, message);
    }
}
