# OpenTofu 1.12: a mock provider opens ephemeral resources too (with
# generated values), so this test runs offline, without an API key.
mock_provider "liquidcommerce" {}

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
