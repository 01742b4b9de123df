"""`type: saml` in authProviders.config.yml: from IdP metadata or entryPoint + idpCert, and each mistake
stopping the start with the file, the line and the reason."""

from __future__ import annotations

import pytest

from prism.runtime.saml_config import DEFAULT_SAML_MAPPING
from services.token.upstream.config import ProvidersConfigError, load_providers
from tests.support.saml_idp import start_saml_idp


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    with start_saml_idp(tmp_path_factory.mktemp("idp")) as idp:
        yield idp


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "authProviders.config.yml"
    path.write_text(text)
    return str(path)


def test_a_provider_from_the_idp_metadata(tmp_path, idp):
    (tmp_path / "meta.xml").write_text(idp.metadata_xml())
    text = (
        "providers:\n  corp:\n    type: saml\n    config:\n      idp_metadata_filepath: meta.xml\n"
        "      audience: https://id.example.com/sp\n      issuer: https://id.example.com/sp\n"
    )
    corp = load_providers(_write(tmp_path, text), {})["corp"]
    assert corp.type == "saml" and corp.entry_point == idp.sso_url and corp.idp_entity_id == idp.entity_id
    assert corp.idp_certs == (idp.cert_pem,)
    assert corp.entity_id("https://prism.example") == "https://id.example.com/sp"
    assert corp.expected_audience("https://prism.example") == "https://id.example.com/sp"
    assert corp.mapping == DEFAULT_SAML_MAPPING  # spec 001's common SAML claim types


def test_a_provider_from_entry_point_and_certificate(tmp_path, idp):
    body = "".join(line for line in idp.cert_pem.splitlines() if "-----" not in line)  # bare base64 works too
    text = (
        "providers:\n  corp:\n    type: saml\n    label: Corp\n    config:\n"
        f'      entryPoint: https://idp.example.org/SAML2/SSO/Redirect\n      idpCert: "{body}"\n'
        "    attributesMapping:\n      email: mail\n"
    )
    corp = load_providers(_write(tmp_path, text), {})["corp"]
    assert corp.entry_point == "https://idp.example.org/SAML2/SSO/Redirect" and corp.label == "Corp"
    assert corp.idp_certs[0].startswith("-----BEGIN CERTIFICATE-----") and corp.idp_entity_id == ""
    # without audience/issuer, the SP entity id is Prism's metadata URL of the provider
    assert corp.entity_id("https://prism.example") == "https://prism.example/api/v1/login/corp/metadata"
    assert corp.mapping["email"] == "mail"


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("      audience: x\n", "entryPoint with config.idpCert, is required"),
        (
            "      entryPoint: https://idp.example.org/sso\n",
            "config.idpCert (the IdP's signing certificate) is required",
        ),
        ("      entryPoint: https://idp.example.org/sso\n      idpCert: not-a-cert!\n", "PEM certificate"),
        ("      entryPoint: https://idp.example.org/sso\n      idpCert: QUJD\n", "not a valid X.509 certificate"),
        ("      idp_metadata_filepath: missing.xml\n", "missing.xml: cannot read it"),
        ("      idp_metadata: '<!DOCTYPE x [<!ENTITY a \"b\">]><x/>'\n", "DOCTYPE is not allowed"),
        ("      idp_metadata: '<x/>'\n", "not a SAML 2.0 EntityDescriptor"),
    ],
)
def test_mistakes_are_explained(tmp_path, config, words):
    text = "providers:\n  corp:\n    type: saml\n    config:\n" + config
    with pytest.raises(ProvidersConfigError) as refused:
        load_providers(_write(tmp_path, text), {})
    assert words in str(refused.value) and ":4:" in str(refused.value), str(refused.value)
