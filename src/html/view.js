(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var selected = null;
  // The details of an entity: its row of the entity table as a list.
  function details(el) {
    var row = document.getElementById("row-" + el.id);
    if (!row) { return null; }
    var heads = row.closest("table").querySelectorAll("thead th");
    var dl = document.createElement("dl");
    Array.prototype.forEach.call(row.cells, function (cell, i) {
      var dt = document.createElement("dt");
      dt.textContent = heads[i] ? heads[i].textContent : "";
      var dd = document.createElement("dd");
      Array.prototype.forEach.call(cell.childNodes, function (n) { dd.appendChild(n.cloneNode(true)); });
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    return dl;
  }
  function select(el) {
    if (selected) { selected.classList.remove("sel"); }
    selected = el;
    el.classList.add("sel");
    var dl = details(el);
    if (panel && dl) { panel.replaceChildren(dl); }
  }
  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest ? ev.target.closest("mark.ent") : null;
    if (!mark) { return; }
    var el = mark.hasAttribute("data-label") ? mark : document.getElementById(mark.getAttribute("data-of") || "");
    if (el) { select(el); }
  });
  // The legend's boxes show and hide a label's marks.
  Array.prototype.forEach.call(document.querySelectorAll(".legend input[data-class]"), function (box) {
    box.addEventListener("change", function () {
      var cls = box.getAttribute("data-class");
      Array.prototype.forEach.call(document.querySelectorAll(".text ." + cls), function (m) {
        m.classList.toggle("hidden-label", !box.checked);
      });
    });
  });
  document.body.setAttribute("data-ready", "1");
})();
