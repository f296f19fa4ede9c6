from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "wasit.policy"
    label = "policy"
    verbose_name = "Policy"

    def ready(self) -> None:
        # The log stores each event's audience but must not import the policy
        # (it sits below it); the policy hands it the one function that decides.
        from wasit.audit import log
        from wasit.policy.audience import audience

        log.set_audience(lambda event: audience(event).encode())
