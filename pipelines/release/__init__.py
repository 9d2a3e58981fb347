"""vLLM's release pipeline (`--pipeline release`): wheels to S3 and PyPI, images
to ECR and DockerHub, ported from vLLM's `.buildkite/release-pipeline.yaml`.

Every step runs in every release build (nothing is selected by the diff); what
publishes waits for a gate, except on nightly builds, which publish their
artifacts without a click. In order (`Group.order`):

10 release version (input)      60 gate: release images
20 CUDA 13.0 wheels             70 release images (+ CPU images, a gate each)
30 gate: additional wheels      80 multi-arch manifests, nightly DockerHub images
40 additional wheels            90 ROCm wheels and image
50 wheel indices                100 DockerHub (gate)   110 PyPI (gate)

docs/release-runbook.md says who clicks what, and when.
"""
