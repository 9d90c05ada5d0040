# Terraform 1.11 cannot mock ephemeral resources ("No ephemeral resource
# types in mock providers"), so this test uses the real provider: point it
# at staging (or the bundled sandbox) with LIQUIDCOMMERCE_API_KEY and
# LIQUIDCOMMERCE_BASE_URL. A plan opens the ephemeral token, which proves
# the key works, without running the job.
provider "liquidcommerce" {}

variables {
  job_name = "nightly-report"
}

run "plans_the_job" {
  command = plan

  assert {
    condition     = terraform_data.job.triggers_replace == ["nightly-report"]
    error_message = "The job is not keyed by its name."
  }
}
