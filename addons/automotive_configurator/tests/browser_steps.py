"""What a salesperson does in the configurator's screens, for the browser tests (BrowserCase)."""
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By


class ConfiguratorSteps:
    """Steps on Odoo 11's web client that the configurator's browser tests share."""

    CONFIGURATION_FORM = "/web#model=presales.vehicle.configuration&view_type=form&action=%s"

    def _new_configuration(self):
        with self.server_env() as env:
            action = env.ref("automotive_configurator.action_vehicle_configurations").id
        self.driver.get(self.url(self.CONFIGURATION_FORM % action))
        self.wait_for(self.FORM + " div[name=version_id] input")
        self.wait_idle()

    def many2one(self, name, text, scope=None, attempts=3):
        """Type into a many2one (or many2many tags) and click the suggestion holding the text.

        Every many2one leaves its suggestion list in the page, hidden: look among the visible ones.
        An onchange still running from the previous field can re-render this one and swallow the
        choice, as a quick user sometimes sees too: then choose again, as they would.
        """
        for _attempt in range(attempts):
            element = self.field(name, scope).find_element(By.CSS_SELECTOR, "input")
            element.clear()
            element.send_keys(text)

            def suggestion():
                found = [link for link in self.driver.find_elements(
                    By.CSS_SELECTOR, "ul.ui-autocomplete li.ui-menu-item a")
                    if link.is_displayed() and text.lower() in link.text.lower()]
                return found[0] if found else None
            chosen = self.wait_until(suggestion, "no suggestion %r for %s" % (text, name))
            label = chosen.text.strip()
            self.click(chosen)
            if self._chosen(name, label, scope):
                return
        self.screenshot("not-chosen-%s" % name)
        self.fail("%s: the suggestion %r was not taken" % (name, text))

    def _chosen(self, name, label, scope):
        """The field shows the chosen record: as its value (many2one) or as a tag (many2many)."""
        def shown():
            try:
                field = self.field(name, scope)
                tags = field.find_elements(By.CSS_SELECTOR, ".badge")
                values = [tag.text.strip() for tag in tags] or [
                    element.get_attribute("value") for element in field.find_elements(By.CSS_SELECTOR, "input")]
            except StaleElementReferenceException:
                return False  # re-rendered under our feet: look again
            return label in values
        try:
            self.wait_until(shown, "", timeout=5)
        except AssertionError:
            return False
        self.wait_idle()
        return True

    def click_form_button(self, label):
        """As BrowserCase's, looking again when the form was re-rendered while we looked (after a
        button's answer the web client reloads the record)."""
        for _attempt in range(3):
            try:
                return super().click_form_button(label)
            except StaleElementReferenceException:
                self.wait_idle()
        return super().click_form_button(label)

    def open_form_tab(self, label):
        """A tab of the form's notebook (the menu bar may hold a link with the same text)."""
        tabs = [tab for tab in self.driver.find_elements(By.CSS_SELECTOR, self.FORM + " .o_notebook .nav-tabs a")
                if tab.text.strip() == label]
        self.assertTrue(tabs, "no tab %r on the form" % label)
        self.click(tabs[0])
